package services.aiapi.autoconfigure;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.web.reactive.function.client.WebClient;

import services.aiapi.AiApiOperations;
import services.aiapi.AiApiTemplate;
import services.aiapi.http.AiApiOperation;
import services.aiapi.resilience.AiApiResilience;
import services.aiapi.resilience.ModelFallbacks;
import services.aiapi.AiApiWebClientCustomizer;
import services.aiapi.ReactiveAiApiOperations;
import services.aiapi.ReactiveAiApiTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

@ExtendWith(OutputCaptureExtension.class)
class AiApiAutoConfigurationTests {

	private static final String KEY = "sk-autoconfig-4f3e2d1c";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WebClientAutoConfiguration.class, AiApiAutoConfiguration.class));

	@Test
	void providesTemplatesAndQualifiedWebClient() {
		this.contextRunner.withPropertyValues("aiapi.api-key=" + KEY).run((context) -> {
			assertThat(context).hasSingleBean(AiApiTemplate.class);
			assertThat(context).hasSingleBean(ReactiveAiApiTemplate.class);
			assertThat(context).hasBean("aiApiWebClient");
			assertThat(context.getBean(AiApiProperties.class).getBaseUrl()).isEqualTo("https://aiapi.services");
		});
	}

	@Test
	void connectionDetailsComeFromThePropertiesNormalisedOnce() {
		this.contextRunner.withPropertyValues("aiapi.api-key=" + KEY, "aiapi.base-url=https://gateway.example/v1/")
			.run((context) -> {
				AiApiConnectionDetails details = context.getBean(AiApiConnectionDetails.class);
				assertThat(details.getBaseUrl()).isEqualTo("https://gateway.example");
				assertThat(details.getApiKey()).isEqualTo(KEY);
				assertThat(details.toString()).doesNotContain(KEY);
			});
	}

	@Test
	void contributedConnectionDetailsReplaceThePropertiesEverywhere() {
		this.contextRunner.withPropertyValues("aiapi.api-key=sk-from-properties-000", "aiapi.base-url=https://unused.example",
				"management.endpoints.web.exposure.include=aiapi")
			.withConfiguration(AutoConfigurations.of(AiApiEndpointAutoConfiguration.class))
			.withBean(AiApiConnectionDetails.class, () -> new AiApiConnectionDetails() {

				@Override
				public String getBaseUrl() {
					return "http://127.0.0.1:9";
				}

				@Override
				public String getApiKey() {
					return KEY;
				}

			})
			.run((context) -> {
				assertThat(context).hasSingleBean(AiApiConnectionDetails.class);
				// the key that is used is the contributed one: it is what the API key redacts
				assertThat(context.getBean(services.aiapi.http.ApiKey.class).redact("k=" + KEY)).doesNotContain(KEY);
				assertThat(context.getBean(services.aiapi.http.ApiKey.class).redact("k=sk-from-properties-000"))
					.contains("sk-from-properties-000");
				assertThat(context.getBean(services.aiapi.actuate.AiApiEndpoint.class).describe())
					.containsEntry("baseUrl", "http://127.0.0.1:9");
			});
	}

	@Test
	void aiApiWebClientIsNotADefaultInjectionCandidate() {
		this.contextRunner.withPropertyValues("aiapi.api-key=" + KEY)
			.withUserConfiguration(AppWebClientConfiguration.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				// the application's own WebClient stays the only candidate for plain injection
				assertThat(context.getBeanProvider(WebClient.class).getIfUnique())
					.isSameAs(context.getBean("appWebClient"));
				assertThat(context.getBean("aiApiWebClient")).isNotSameAs(context.getBean("appWebClient"));
			});
	}

	@Test
	void aiApiWebClientIsNotInjectedWhereAPlainWebClientIsAsked() {
		this.contextRunner.withPropertyValues("aiapi.api-key=" + KEY)
			.withUserConfiguration(PlainWebClientConsumerConfiguration.class)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(org.springframework.beans.factory.NoSuchBeanDefinitionException.class));
	}

	@Test
	void aiApiWebClientIsInjectedByQualifier() {
		this.contextRunner.withPropertyValues("aiapi.api-key=" + KEY)
			.withUserConfiguration(QualifiedWebClientConsumerConfiguration.class)
			.run((context) -> assertThat(context.getBean("consumer")).isSameAs(context.getBean("aiApiWebClient")));
	}

	@Test
	void backsOffFromUserOperations() {
		this.contextRunner.withPropertyValues("aiapi.api-key=" + KEY)
			.withUserConfiguration(UserOperationsConfiguration.class)
			.run((context) -> {
				assertThat(context).doesNotHaveBean(ReactiveAiApiTemplate.class);
				assertThat(context).doesNotHaveBean(AiApiTemplate.class);
				assertThat(context).hasSingleBean(AiApiOperations.class);
				assertThat(context).hasSingleBean(ReactiveAiApiOperations.class);
			});
	}

	@Test
	void backsOffFromUserWebClientBean() {
		this.contextRunner.withPropertyValues("aiapi.api-key=" + KEY)
			.withUserConfiguration(UserAiApiWebClientConfiguration.class)
			.run((context) -> assertThat(context.getBean("aiApiWebClient"))
				.isSameAs(context.getBean(UserAiApiWebClientConfiguration.class).client));
	}

	@Test
	void appliesCustomizers() {
		this.contextRunner.withPropertyValues("aiapi.api-key=" + KEY)
			.withUserConfiguration(CustomizerConfiguration.class)
			.run((context) -> {
				context.getBean("aiApiWebClient");
				assertThat(context.getBean(CustomizerConfiguration.class).applied).isTrue();
			});
	}

	@Test
	void missingKeyFailsWithAnalysisNamingThePropertyAndVariable() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("aiapi.api-key").contains("no API key is configured");
			assertThat(analysis.getAction()).contains("aiapi.api-key").contains("AIAPI_API_KEY");
		});
	}

	@Test
	void fallbackChainsBindModelNamesWithDotsAndCommaSeparatedSteps() {
		this.contextRunner
			.withPropertyValues("aiapi.api-key=" + KEY, "aiapi.fallback.chains.gemini-2.5-pro=gpt-4o, gemini-2.5-flash ,",
					"aiapi.fallback.chains.gpt-4o=gpt-4o-mini", "aiapi.fallback.on-content-filter=true")
			.run((context) -> {
				ModelFallbacks fallbacks = context.getBean(AiApiResilience.class).getFallbacks();
				assertThat(fallbacks.getChains()).containsExactlyInAnyOrderEntriesOf(
						java.util.Map.of("gemini-2.5-pro", java.util.List.of("gpt-4o", "gemini-2.5-flash"), "gpt-4o",
								java.util.List.of("gpt-4o-mini")));
				assertThat(fallbacks.isOnContentFilter()).isTrue();
				// a call's own chain replaces the configured one; embeddings never fall back (another vector space)
				assertThat(fallbacks.chain(AiApiOperation.CHAT, "gpt-4o", null)).containsExactly("gpt-4o", "gpt-4o-mini");
				assertThat(fallbacks.chain(AiApiOperation.CHAT, "gpt-4o", java.util.List.of("x", "gpt-4o")))
					.containsExactly("gpt-4o", "x");
				assertThat(fallbacks.chain(AiApiOperation.EMBEDDINGS, "gpt-4o", null)).isEmpty();
			});
	}

	@Test
	void aFallbackChainThatNamesNoModelFailsWithAnAnalysis() {
		this.contextRunner.withPropertyValues("aiapi.api-key=" + KEY, "aiapi.fallback.chains.gpt-4o= , ")
			.run((context) -> {
				FailureAnalysis analysis = analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("aiapi.fallback.chains.gpt-4o").contains("names no model");
				assertThat(analysis.getAction()).contains("comma-separated");
			});
	}

	@Test
	void anUnresolvedPlaceholderFailsInsteadOfBeingSentAsTheKey() {
		this.contextRunner.withPropertyValues("aiapi.api-key=${AIAPI_UNSET_VARIABLE_FOR_THIS_TEST}").run((context) -> {
			FailureAnalysis analysis = analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("aiapi.api-key")
				.contains("unresolved placeholder ${AIAPI_UNSET_VARIABLE_FOR_THIS_TEST}");
		});
	}

	@Test
	void aMistypedPropertyIsReportedWithTheClosestKnownOne(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues("aiapi.api-key=" + KEY, "aiapi.retry.max-atempts=2", "aiapi.retry.waitDuration=2s",
					"aiapi.rate-limiter.limit-for-period=5")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output.getAll())
			.contains("Unknown property 'aiapi.retry.max-atempts' is ignored and its default applies (did you mean "
					+ "'aiapi.retry.max-attempts'?)")
			.doesNotContain("'aiapi.retry.waitDuration'")
			.doesNotContain("'aiapi.retry.wait-duration' is ignored")
			.doesNotContain("'aiapi.rate-limiter.limit-for-period' is ignored");
	}

	@Test
	void theHealthSwitchIsInTheConfigurationMetadata() throws Exception {
		try (java.io.InputStream in = getClass().getClassLoader()
			.getResourceAsStream("META-INF/spring-configuration-metadata.json")) {
			assertThat(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
				.contains("\"name\": \"management.health.aiapi.enabled\"");
		}
	}

	@Test
	void withQuotaOnLowQuotaRanksBetweenOutOfServiceAndUpUnlessTheApplicationOrdersStatuses() {
		StandardEnvironment quotaOn = new StandardEnvironment();
		org.springframework.core.env.MutablePropertySources sources = quotaOn.getPropertySources();
		sources.addFirst(new org.springframework.core.env.MapPropertySource("test", Map.of("aiapi.quota.enabled", "true")));
		new HealthStatusOrderEnvironmentPostProcessor().postProcessEnvironment(quotaOn, null);
		assertThat(quotaOn.getProperty(HealthStatusOrderEnvironmentPostProcessor.ORDER))
			.isEqualTo("DOWN,OUT_OF_SERVICE,LOW_QUOTA,UP,UNKNOWN");
		StandardEnvironment ordered = new StandardEnvironment();
		ordered.getPropertySources()
			.addFirst(new org.springframework.core.env.MapPropertySource("test", Map.of("aiapi.quota.enabled", "true",
					HealthStatusOrderEnvironmentPostProcessor.ORDER, "DOWN,UP")));
		new HealthStatusOrderEnvironmentPostProcessor().postProcessEnvironment(ordered, null);
		assertThat(ordered.getProperty(HealthStatusOrderEnvironmentPostProcessor.ORDER)).isEqualTo("DOWN,UP");
		StandardEnvironment quotaOff = new StandardEnvironment();
		new HealthStatusOrderEnvironmentPostProcessor().postProcessEnvironment(quotaOff, null);
		assertThat(quotaOff.containsProperty(HealthStatusOrderEnvironmentPostProcessor.ORDER)).isFalse();
	}

	@Test
	void blankKeyFails() {
		this.contextRunner.withPropertyValues("aiapi.api-key=   ")
			.run((context) -> assertThat(analyze(context.getStartupFailure()).getDescription())
				.contains("aiapi.api-key"));
	}

	@Test
	void keyWithInnerWhitespaceFailsWithoutShowingTheKey() {
		this.contextRunner.withPropertyValues("aiapi.api-key=sk-abc def-secretpart").run((context) -> {
			FailureAnalysis analysis = analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("whitespace").doesNotContain("secretpart");
			assertThat(analysis.getAction()).doesNotContain("secretpart");
		});
	}

	@Test
	void keyIsBoundFromTheEnvironmentVariable() {
		this.contextRunner.withInitializer((context) -> context.getEnvironment()
			.getPropertySources()
			.addFirst(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
					Map.of("AIAPI_API_KEY", KEY))))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(AiApiProperties.class).getApiKey()).isEqualTo(KEY);
			});
	}

	@Test
	void insecureBaseUrlIsRefused() {
		this.contextRunner.withPropertyValues("aiapi.api-key=" + KEY, "aiapi.base-url=http://gateway.example.com")
			.run((context) -> {
				FailureAnalysis analysis = analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("aiapi.base-url").contains("clear text");
				assertThat(analysis.getAction()).contains("aiapi.allow-insecure-http");
			});
	}

	@Test
	void insecureBaseUrlIsAllowedWithOptIn() {
		this.contextRunner
			.withPropertyValues("aiapi.api-key=" + KEY, "aiapi.base-url=http://gateway.example.com",
					"aiapi.allow-insecure-http=true")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void plainHttpToLoopbackIsAllowed() {
		this.contextRunner.withPropertyValues("aiapi.api-key=" + KEY, "aiapi.base-url=http://127.0.0.1:8089")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void relativeBaseUrlIsRefused() {
		this.contextRunner.withPropertyValues("aiapi.api-key=" + KEY, "aiapi.base-url=aiapi.services")
			.run((context) -> assertThat(analyze(context.getStartupFailure()).getDescription())
				.contains("not an absolute http(s) URL"));
	}

	private static FailureAnalysis analyze(Throwable failure) {
		FailureAnalysis analysis = new AiApiConfigurationFailureAnalyzer().analyze(failure);
		assertThat(analysis).as("failure analysis of %s", failure).isNotNull();
		return analysis;
	}

	@Configuration(proxyBeanMethods = false)
	static class AppWebClientConfiguration {

		@Bean
		WebClient appWebClient() {
			return WebClient.create("http://localhost:9999");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PlainWebClientConsumerConfiguration {

		@Bean
		Object consumer(WebClient webClient) {
			return webClient;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class QualifiedWebClientConsumerConfiguration {

		@Bean
		Object consumer(@org.springframework.beans.factory.annotation.Qualifier("aiApiWebClient") WebClient webClient) {
			return webClient;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserOperationsConfiguration {

		@Bean
		ReactiveAiApiOperations myReactiveOperations() {
			return mock(ReactiveAiApiOperations.class);
		}

		@Bean
		AiApiOperations myOperations() {
			return mock(AiApiOperations.class);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserAiApiWebClientConfiguration {

		final WebClient client = WebClient.create("http://127.0.0.1:1");

		@Bean
		WebClient aiApiWebClient() {
			return this.client;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomizerConfiguration {

		boolean applied;

		@Bean
		AiApiWebClientCustomizer testCustomizer() {
			return (builder) -> this.applied = true;
		}

	}

}
