package services.aiapi.springai;

import java.util.List;
import java.util.Map;

import org.springframework.ai.moderation.Categories;
import org.springframework.ai.moderation.CategoryScores;
import org.springframework.ai.moderation.Generation;
import org.springframework.ai.moderation.Moderation;
import org.springframework.ai.moderation.ModerationModel;
import org.springframework.ai.moderation.ModerationOptions;
import org.springframework.ai.moderation.ModerationPrompt;
import org.springframework.ai.moderation.ModerationResponse;
import org.springframework.ai.moderation.ModerationResult;
import org.springframework.util.Assert;

import services.aiapi.ReactiveAiApiOperations;
import services.aiapi.model.moderation.ModerationRequest;

/**
 * Spring AI's {@link ModerationModel} on the starter's {@code POST /v1/moderations}: OpenAI's categories mapped to
 * Spring AI's.
 */
public class AiApiModerationModel implements ModerationModel {

	private final ReactiveAiApiOperations operations;

	private final String defaultModel;

	/**
	 * Create a model.
	 * @param operations the starter's reactive operations
	 * @param defaultModel the moderation model when a prompt names none
	 */
	public AiApiModerationModel(ReactiveAiApiOperations operations, String defaultModel) {
		Assert.notNull(operations, "ReactiveAiApiOperations must not be null");
		this.operations = operations;
		this.defaultModel = defaultModel;
	}

	@Override
	public ModerationResponse call(ModerationPrompt prompt) {
		Assert.notNull(prompt, "Prompt must not be null");
		ModerationOptions options = prompt.getOptions();
		String model = (options != null && options.getModel() != null) ? options.getModel() : this.defaultModel;
		services.aiapi.model.moderation.ModerationResponse response = this.operations
			.moderate(ModerationRequest.of(model, prompt.getInstructions().getText()))
			.block();
		Assert.state(response != null, "The starter returned no moderation");
		List<ModerationResult> results = (response.results() != null)
				? response.results().stream().map(AiApiModerationModel::result).toList() : List.of();
		return new ModerationResponse(new Generation(
				Moderation.builder().id(response.id()).model(response.model()).results(results).build()));
	}

	private static ModerationResult result(services.aiapi.model.moderation.ModerationResponse.Result result) {
		Map<String, Boolean> flags = (result.categories() != null) ? result.categories() : Map.of();
		Map<String, Double> scores = (result.categoryScores() != null) ? result.categoryScores() : Map.of();
		Categories categories = Categories.builder()
			.sexual(flag(flags, "sexual"))
			.hate(flag(flags, "hate"))
			.harassment(flag(flags, "harassment"))
			.selfHarm(flag(flags, "self-harm"))
			.sexualMinors(flag(flags, "sexual/minors"))
			.hateThreatening(flag(flags, "hate/threatening"))
			.violenceGraphic(flag(flags, "violence/graphic"))
			.selfHarmIntent(flag(flags, "self-harm/intent"))
			.selfHarmInstructions(flag(flags, "self-harm/instructions"))
			.harassmentThreatening(flag(flags, "harassment/threatening"))
			.violence(flag(flags, "violence"))
			.build();
		CategoryScores categoryScores = CategoryScores.builder()
			.sexual(score(scores, "sexual"))
			.hate(score(scores, "hate"))
			.harassment(score(scores, "harassment"))
			.selfHarm(score(scores, "self-harm"))
			.sexualMinors(score(scores, "sexual/minors"))
			.hateThreatening(score(scores, "hate/threatening"))
			.violenceGraphic(score(scores, "violence/graphic"))
			.selfHarmIntent(score(scores, "self-harm/intent"))
			.selfHarmInstructions(score(scores, "self-harm/instructions"))
			.harassmentThreatening(score(scores, "harassment/threatening"))
			.violence(score(scores, "violence"))
			.build();
		return ModerationResult.builder()
			.flagged(result.flagged())
			.categories(categories)
			.categoryScores(categoryScores)
			.build();
	}

	private static boolean flag(Map<String, Boolean> flags, String name) {
		return Boolean.TRUE.equals(flags.get(name));
	}

	private static double score(Map<String, Double> scores, String name) {
		Double score = scores.get(name);
		return (score != null) ? score : 0;
	}

}
