package services.aiapi.test;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ContextConsumer;

import services.aiapi.AiApiTemplate;
import services.aiapi.ReactiveAiApiTemplate;
import services.aiapi.error.ModelNotFoundException;
import services.aiapi.error.RequestValidationException;
import services.aiapi.model.moderation.ModerationRequest;
import services.aiapi.model.moderation.ModerationResponse;
import services.aiapi.model.moderation.RerankRequest;
import services.aiapi.model.moderation.RerankResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Moderation and rerank typed, against the simulator in both dialects, on both templates: verdicts driven by the
 * input, multi-modal input, documents ordered by the query, and the gateway's refusals.
 */
class SimulatorModerationAndRerankTests {

	@RegisterExtension
	static AiApiSimulatorExtension gateway = new AiApiSimulatorExtension(
			AiApiSimulator.builder().models("omni-moderation-latest", "jina-reranker-v2", "gemini-2.5-flash"));

	private void run(Dialect dialect, ContextConsumer<AssertableApplicationContext> test) {
		SimulatorContexts.run(gateway, dialect, test);
	}

	@ParameterizedTest
	@EnumSource(Dialect.class)
	void moderationFlagsWhatTheInputSays(Dialect dialect) {
		run(dialect, (context) -> {
			ModerationResponse verdicts = context.getBean(AiApiTemplate.class)
				.moderate(ModerationRequest.of("omni-moderation-latest", "I will attack them", "What a nice day"));
			assertThat(verdicts.isFlagged()).isTrue();
			assertThat(verdicts.results()).hasSize(2);
			assertThat(verdicts.results().get(0).flaggedCategories()).containsExactly("violence");
			assertThat(verdicts.results().get(0).categoryScores()).containsKey("violence");
			assertThat(verdicts.results().get(1).flagged()).isFalse();
			ModerationResponse image = context.getBean(ReactiveAiApiTemplate.class)
				.moderate(ModerationRequest.withImages("omni-moderation-latest", "hate speech here",
						"https://example.com/cat.png"))
				.block(Duration.ofSeconds(10));
			assertThat(image.results()).singleElement()
				.satisfies((result) -> assertThat(result.flaggedCategories()).containsExactly("hate"));
		});
	}

	@ParameterizedTest
	@EnumSource(Dialect.class)
	void rerankOrdersTheDocumentsByTheQuery(Dialect dialect) {
		run(dialect, (context) -> {
			List<String> documents = List.of("Paris is in France", "Berlin is the capital of Germany",
					"The capital of France is Paris");
			RerankResponse ranked = context.getBean(AiApiTemplate.class)
				.rerank(RerankRequest.of("jina-reranker-v2", "Paris, France: capital?", documents).withTopN(2));
			assertThat(ranked.results()).extracting(RerankResponse.Result::index).containsExactly(2, 0);
			assertThat(ranked.results().get(0).text()).isEqualTo("The capital of France is Paris");
			assertThat(ranked.results().get(0).relevanceScore()).isEqualTo(1.0);
			assertThat(ranked.usage().totalTokens()).isPositive();
			assertThatExceptionOfType(ModelNotFoundException.class).isThrownBy(() -> context.getBean(AiApiTemplate.class)
				.rerank(RerankRequest.of("no-such-reranker", "q", documents)));
			assertThatExceptionOfType(RequestValidationException.class)
				.isThrownBy(() -> context.getBean(AiApiTemplate.class)
					.rerank(RerankRequest.of("jina-reranker-v2", "q", List.of())));
		});
	}

}
