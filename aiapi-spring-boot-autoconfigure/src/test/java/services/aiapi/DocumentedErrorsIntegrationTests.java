package services.aiapi;

import java.time.Duration;
import java.util.Map;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.http.HttpMethod;

import services.aiapi.error.AiApiException;
import services.aiapi.error.AiApiResponseException;
import services.aiapi.error.BadRequestException;
import services.aiapi.error.ContentFilteredException;
import services.aiapi.error.InvalidApiKeyException;
import services.aiapi.error.ModelNotFoundException;
import services.aiapi.error.QuotaExceededException;
import services.aiapi.error.RateLimit;
import services.aiapi.error.RateLimitExceededException;
import services.aiapi.error.TaskNotFoundException;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static services.aiapi.GatewayTestSupport.REQUEST_ID;
import static services.aiapi.GatewayTestSupport.chatCompletions;
import static services.aiapi.GatewayTestSupport.json;

/**
 * Every error example of the gateway's published "Error Handling" page, served verbatim, reaches the caller as
 * its documented exception with every field set.
 */
class DocumentedErrorsIntegrationTests {

	@RegisterExtension
	static WireMockExtension gateway = GatewayTestSupport.wireMock();

	private <E extends AiApiException> E chatFails(Class<E> type) {
		E[] result = newArray(type);
		GatewayTestSupport.contextRunner(gateway).run((context) -> {
			AiApiTemplate template = context.getBean(AiApiTemplate.class);
			result[0] = catchThrowableOfType(type, () -> template.chat("Hello"));
		});
		assertThat(result[0]).as("expected %s", type.getSimpleName()).isNotNull();
		return result[0];
	}

	@SuppressWarnings("unchecked")
	private static <E> E[] newArray(Class<E> type) {
		return (E[]) java.lang.reflect.Array.newInstance(type, 1);
	}

	@Test
	void insufficientQuota() {
		gateway.stubFor(chatCompletions().willReturn(json(403,
				"{ \"code\": \"quota_not_enough\", \"message\": \"user quota is not enough\", \"data\": null }")));
		QuotaExceededException ex = chatFails(QuotaExceededException.class);
		assertThat(ex.getStatusCode().value()).isEqualTo(403);
		assertThat(ex.getErrorCode()).isEqualTo("quota_not_enough");
		assertThat(ex.getGatewayMessage()).isEqualTo("user quota is not enough");
		assertThat(ex.getData()).isNull();
		assertThat(ex.getRequestId()).isEqualTo(REQUEST_ID);
		assertThat(ex.isRetryable()).isFalse();
		assertThat(ex.getMessage()).startsWith("HTTP 403 quota_not_enough: user quota is not enough")
			.contains("request id: " + REQUEST_ID)
			.contains("balance");
	}

	@Test
	void invalidApiKey() {
		gateway.stubFor(chatCompletions().willReturn(json(401,
				"{ \"code\": \"invalid_api_key\", \"message\": \"Invalid API key provided\", \"data\": null }")));
		InvalidApiKeyException ex = chatFails(InvalidApiKeyException.class);
		assertThat(ex.getStatusCode().value()).isEqualTo(401);
		assertThat(ex.getErrorCode()).isEqualTo("invalid_api_key");
		assertThat(ex.getGatewayMessage()).isEqualTo("Invalid API key provided");
		assertThat(ex.getRequestId()).isEqualTo(REQUEST_ID);
		assertThat(ex.isRetryable()).isFalse();
		assertThat(ex.getMessage()).contains("aiapi.api-key").contains("Bearer");
	}

	@Test
	void modelNotFound() {
		gateway.stubFor(chatCompletions().willReturn(json(404,
				"{ \"code\": \"model_not_found\", \"message\": \"model 'invalid-model-name' not found\", \"data\": null }")));
		ModelNotFoundException ex = chatFails(ModelNotFoundException.class);
		assertThat(ex.getStatusCode().value()).isEqualTo(404);
		assertThat(ex.getErrorCode()).isEqualTo("model_not_found");
		assertThat(ex.getGatewayMessage()).isEqualTo("model 'invalid-model-name' not found");
		assertThat(ex.isRetryable()).isFalse();
		assertThat(ex.getMessage()).contains("/v1/models");
	}

	@Test
	void invalidRequestParameters() {
		gateway.stubFor(chatCompletions().willReturn(json(400,
				"{ \"code\": \"invalid_request_error\", \"message\": \"Invalid parameter: max_tokens must be a positive integer\", \"data\": null }")));
		BadRequestException ex = chatFails(BadRequestException.class);
		assertThat(ex).isNotInstanceOf(ContentFilteredException.class);
		assertThat(ex.getStatusCode().value()).isEqualTo(400);
		assertThat(ex.getErrorCode()).isEqualTo("invalid_request_error");
		assertThat(ex.getGatewayMessage()).isEqualTo("Invalid parameter: max_tokens must be a positive integer");
		assertThat(ex.isRetryable()).isFalse();
	}

	@Test
	void rateLimitWithDocumentedHeaders() {
		gateway.stubFor(chatCompletions().willReturn(json(429,
				"{ \"code\": \"rate_limit_exceeded\", \"message\": \"Rate limit exceeded. Please try again later.\", \"data\": { \"retry_after\": 60 } }")
			.withHeader("X-RateLimit-Limit-Requests", "60")
			.withHeader("X-RateLimit-Remaining-Requests", "0")
			.withHeader("X-RateLimit-Reset-Requests", "1640995200")
			.withHeader("Retry-After", "60")));
		RateLimitExceededException ex = chatFails(RateLimitExceededException.class);
		assertThat(ex.getStatusCode().value()).isEqualTo(429);
		assertThat(ex.getErrorCode()).isEqualTo("rate_limit_exceeded");
		assertThat(ex.getGatewayMessage()).isEqualTo("Rate limit exceeded. Please try again later.");
		assertThat(ex.getData()).isEqualTo(Map.of("retry_after", 60));
		assertThat(ex.getRetryAfter()).contains(Duration.ofSeconds(60));
		RateLimit rateLimit = ex.getRateLimit().orElseThrow();
		assertThat(rateLimit.limitRequests()).isEqualTo(60);
		assertThat(rateLimit.remainingRequests()).isZero();
		// the documented reset is an epoch second long past: nothing left to wait
		assertThat(rateLimit.resetRequests()).isEqualTo(Duration.ZERO);
		assertThat(ex.isRetryable()).isTrue();
		assertThat(ex.getResponseHeaders().getFirst("Retry-After")).isEqualTo("60");
	}

	@Test
	void taskNotFound() {
		gateway.stubFor(get("/v1/videos/abc123").willReturn(json(404,
				"{ \"code\": \"task_not_found\", \"message\": \"Task with id 'abc123' not found\", \"data\": null }")));
		GatewayTestSupport.contextRunner(gateway).run((context) -> {
			AiApiTemplate template = context.getBean(AiApiTemplate.class);
			TaskNotFoundException ex = catchThrowableOfType(TaskNotFoundException.class,
					() -> template.getVideoTask("abc123"));
			assertThat(ex.getStatusCode().value()).isEqualTo(404);
			assertThat(ex.getErrorCode()).isEqualTo("task_not_found");
			assertThat(ex.getGatewayMessage()).isEqualTo("Task with id 'abc123' not found");
			assertThat(ex.getRequestId()).isEqualTo(REQUEST_ID);
			assertThat(ex.isRetryable()).isFalse();
		});
	}

	@Test
	void contentFiltered() {
		gateway.stubFor(chatCompletions().willReturn(json(400,
				"{ \"code\": \"content_filtered\", \"message\": \"Your request was rejected due to content policy\", \"data\": { \"reason\": \"inappropriate_content\" } }")));
		ContentFilteredException ex = chatFails(ContentFilteredException.class);
		assertThat(ex.getStatusCode().value()).isEqualTo(400);
		assertThat(ex.getErrorCode()).isEqualTo("content_filtered");
		assertThat(ex.getGatewayMessage()).isEqualTo("Your request was rejected due to content policy");
		assertThat(ex.getReason()).isEqualTo("inappropriate_content");
		assertThat(ex.getData()).isEqualTo(Map.of("reason", "inappropriate_content"));
		assertThat(ex.isRetryable()).isFalse();
	}

	@Test
	void responseBodyRemainsAvailable() {
		gateway.stubFor(chatCompletions().willReturn(json(403,
				"{ \"code\": \"quota_not_enough\", \"message\": \"user quota is not enough\", \"data\": null }")));
		AiApiResponseException ex = chatFails(AiApiResponseException.class);
		assertThat(ex.getResponseBodyAsString()).contains("quota_not_enough");
		assertThat(ex.getResponseBodyAs(Map.class)).containsEntry("code", "quota_not_enough");
		assertThat(ex.getResponseHeaders().getFirst("X-Oneapi-Request-Id")).isEqualTo(REQUEST_ID);
	}

	@Test
	void errorInsideSuccessfulResponse() {
		gateway.stubFor(get("/v1/models/nope").willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"error\":{\"message\":\"model nope not found (request id: abc-200)\",\"type\":\"invalid_request_error\",\"param\":\"\",\"code\":\"model_not_found\"}}")));
		GatewayTestSupport.contextRunner(gateway).run((context) -> {
			AiApiTemplate template = context.getBean(AiApiTemplate.class);
			ModelNotFoundException ex = catchThrowableOfType(ModelNotFoundException.class,
					() -> template.exchange(HttpMethod.GET, "/v1/models/nope", null, Map.class));
			assertThat(ex.getStatusCode().value()).isEqualTo(200);
			assertThat(ex.getRequestId()).isEqualTo("abc-200");
			assertThat(ex.getErrorType()).isEqualTo("invalid_request_error");
			assertThat(ex.getParam()).isNull();
		});
	}

	@Test
	void aRetryAfterDateIsReadOnTheApplicationsClock() {
		java.time.Instant now = java.time.Instant.parse("2026-11-25T12:00:00Z");
		gateway.stubFor(chatCompletions().willReturn(json(429, "{\"code\":\"rate_limit_exceeded\",\"message\":\"slow\"}")
			.withHeader("Retry-After", "Wed, 25 Nov 2026 12:00:30 GMT")));
		GatewayTestSupport.contextRunner(gateway)
			.withBean(java.time.Clock.class, () -> java.time.Clock.fixed(now, java.time.ZoneOffset.UTC))
			.run((context) -> assertThat(catchThrowableOfType(RateLimitExceededException.class,
					() -> context.getBean(AiApiTemplate.class).chat("Hi"))
				.getRetryAfter()).contains(Duration.ofSeconds(30)));
	}

}
