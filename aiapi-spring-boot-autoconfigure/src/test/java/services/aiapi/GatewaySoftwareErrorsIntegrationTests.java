package services.aiapi;

import java.util.function.Consumer;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import services.aiapi.error.AiApiException;
import services.aiapi.error.AiApiResponseException;
import services.aiapi.error.BadGatewayException;
import services.aiapi.error.BadRequestException;
import services.aiapi.error.ContentFilteredException;
import services.aiapi.error.GatewayTimeoutException;
import services.aiapi.error.InternalServerErrorException;
import services.aiapi.error.InvalidApiKeyException;
import services.aiapi.error.InvalidResponseException;
import services.aiapi.error.ModelNotFoundException;
import services.aiapi.error.NotFoundException;
import services.aiapi.error.QuotaExceededException;
import services.aiapi.error.RateLimitExceededException;
import services.aiapi.error.ServerException;
import services.aiapi.error.ServiceUnavailableException;
import services.aiapi.error.TaskNotFoundException;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static services.aiapi.GatewayTestSupport.chatCompletions;
import static services.aiapi.GatewayTestSupport.json;

/**
 * What the gateway software (new-api) really sends, as listed in CONTRACT.md §3: four body shapes, statuses that
 * differ from the documentation, empty bodies and proxy pages. Each maps to the same exception types as the
 * documented contract.
 */
class GatewaySoftwareErrorsIntegrationTests {

	@RegisterExtension
	static WireMockExtension gateway = GatewayTestSupport.wireMock();

	private AiApiException chatFailsWith(ResponseDefinitionBuilder response) {
		gateway.stubFor(chatCompletions().willReturn(response));
		AiApiException[] result = new AiApiException[1];
		GatewayTestSupport.contextRunner(gateway).run((context) -> {
			Throwable thrown = catchThrowable(() -> context.getBean(AiApiTemplate.class).chat("Hello"));
			assertThat(thrown).isInstanceOf(AiApiException.class);
			result[0] = (AiApiException) thrown;
		});
		return result[0];
	}

	private <E extends AiApiResponseException> void expect(ResponseDefinitionBuilder response, Class<E> type,
			Consumer<E> assertions) {
		AiApiException ex = chatFailsWith(response);
		assertThat(ex).isExactlyInstanceOf(type);
		assertions.accept(type.cast(ex));
	}

	@Test
	void invalidTokenWithEmptyCodeAndRequestIdInMessage() {
		expect(aResponse().withStatus(401)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"error\":{\"message\":\"Invalid token (request id: 2025112523000012345)\",\"type\":\"new_api_error\",\"param\":\"\",\"code\":\"\"}}"),
				InvalidApiKeyException.class, (ex) -> {
					assertThat(ex.getErrorCode()).isNull();
					assertThat(ex.getErrorType()).isEqualTo("new_api_error");
					assertThat(ex.getRequestId()).isEqualTo("2025112523000012345");
					assertThat(ex.getMessage()).startsWith("HTTP 401: Invalid token (request id: 2025112523000012345)")
						.doesNotContain("(request id: 2025112523000012345) (request id");
				});
	}

	@Test
	void chatQuotaInOpenAiShape() {
		expect(json(403,
				"{\"error\":{\"message\":\"用户额度不足\",\"type\":\"new_api_error\",\"param\":\"\",\"code\":\"insufficient_user_quota\"}}"),
				QuotaExceededException.class, (ex) -> {
					assertThat(ex.getErrorCode()).isEqualTo("insufficient_user_quota");
					assertThat(ex.getGatewayMessage()).isEqualTo("用户额度不足");
					assertThat(ex.isRetryable()).isFalse();
				});
	}

	@Test
	void preConsumeQuotaFailure() {
		expect(json(403,
				"{\"error\":{\"message\":\"pre-consume quota failed\",\"type\":\"new_api_error\",\"code\":\"pre_consume_token_quota_failed\"}}"),
				QuotaExceededException.class, (ex) -> assertThat(ex.isRetryable()).isFalse());
	}

	@Test
	void quotaSentWithATooManyRequestsStatusIsStillQuota() {
		expect(json(429, "{\"error\":{\"message\":\"You exceeded your current quota\",\"type\":\"insufficient_quota\",\"code\":\"insufficient_quota\"}}"),
				QuotaExceededException.class, (ex) -> {
					assertThat(ex.getStatusCode().value()).isEqualTo(429);
					assertThat(ex.isRetryable()).isFalse();
				});
	}

	@Test
	void unknownModelSentWith503IsModelNotFoundAndNotRetryable() {
		expect(json(503,
				"{\"error\":{\"message\":\"No available channel for model gpt-9 under group default (request id: r-503)\",\"type\":\"new_api_error\",\"param\":\"\",\"code\":\"model_not_found\"}}"),
				ModelNotFoundException.class, (ex) -> {
					assertThat(ex.getStatusCode().value()).isEqualTo(503);
					assertThat(ex.isRetryable()).isFalse();
				});
	}

	@Test
	void validationFailureSentWith500IsBadRequest() {
		expect(json(500,
				"{\"error\":{\"message\":\"field messages is required\",\"type\":\"new_api_error\",\"param\":\"\",\"code\":\"invalid_request\"}}"),
				BadRequestException.class, (ex) -> {
					assertThat(ex.getErrorCode()).isEqualTo("invalid_request");
					assertThat(ex.isRetryable()).isFalse();
				});
	}

	@Test
	void requestTooLargeIsBadRequest() {
		expect(json(413, "{\"error\":{\"message\":\"request body too large\",\"type\":\"new_api_error\",\"code\":\"read_request_body_failed\"}}"),
				BadRequestException.class, (ex) -> assertThat(ex.getStatusCode().value()).isEqualTo(413));
	}

	@Test
	void unknownTaskSentWith400() {
		gateway.stubFor(get("/v1/videos/task_x").willReturn(json(400,
				"{\"code\":\"task_not_exist\",\"message\":\"task_not_exist\",\"data\":null}")));
		GatewayTestSupport.contextRunner(gateway).run((context) -> {
			Throwable thrown = catchThrowable(() -> context.getBean(AiApiTemplate.class).getVideoTask("task_x"));
			assertThat(thrown).isInstanceOfSatisfying(TaskNotFoundException.class, (ex) -> {
				assertThat(ex.getStatusCode().value()).isEqualTo(400);
				assertThat(ex.getErrorCode()).isEqualTo("task_not_exist");
			});
		});
	}

	@Test
	void gatewayWordFilterSentWith500() {
		expect(json(500,
				"{\"error\":{\"message\":\"sensitive words detected\",\"type\":\"new_api_error\",\"code\":\"sensitive_words_detected\"}}"),
				ContentFilteredException.class, (ex) -> {
					assertThat(ex.getReason()).isEqualTo("sensitive_words_detected");
					assertThat(ex.isRetryable()).isFalse();
				});
	}

	@Test
	void geminiPromptBlocked() {
		expect(json(400, "{\"error\":{\"message\":\"prompt blocked\",\"type\":\"upstream_error\",\"code\":\"prompt_blocked\"}}"),
				ContentFilteredException.class, (ex) -> assertThat(ex.getReason()).isEqualTo("prompt_blocked"));
	}

	@Test
	void rateLimitWithEmptyBodyAndNoHeaders() {
		expect(aResponse().withStatus(429), RateLimitExceededException.class, (ex) -> {
			assertThat(ex.getErrorCode()).isNull();
			assertThat(ex.getGatewayMessage()).isNull();
			assertThat(ex.getRetryAfter()).isEmpty();
			assertThat(ex.getRateLimit()).isEmpty();
			assertThat(ex.getResponseBodyAsString()).isEmpty();
			assertThat(ex.isRetryable()).isTrue();
			assertThat(ex.getMessage()).startsWith("HTTP 429: (no error message in the response)");
		});
	}

	@Test
	void rateLimitWithChineseMessageAndNumericCode() {
		expect(aResponse().withStatus(429)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"error\":{\"message\":\"当前分组上游负载已饱和，请稍后再试\",\"type\":\"upstream_error\",\"code\":429}}"),
				RateLimitExceededException.class, (ex) -> {
					assertThat(ex.getErrorCode()).isEqualTo("429");
					assertThat(ex.getGatewayMessage()).isEqualTo("当前分组上游负载已饱和，请稍后再试");
				});
	}

	@Test
	void upstreamFailurePassedThrough() {
		expect(json(502, "{\"error\":{\"message\":\"upstream error: bad response\",\"type\":\"upstream_error\",\"param\":\"\",\"code\":\"bad_response_status_code\"}}"),
				BadGatewayException.class, (ex) -> {
					assertThat(ex.getErrorType()).isEqualTo("upstream_error");
					assertThat(ex.isRetryable()).isTrue();
				});
	}

	@Test
	void htmlPageFromProxy() {
		expect(aResponse().withStatus(502)
			.withHeader("Content-Type", "text/html")
			.withBody("<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>"),
				BadGatewayException.class, (ex) -> {
					assertThat(ex.getErrorCode()).isNull();
					assertThat(ex.getGatewayMessage()).isEqualTo("502 Bad Gateway");
					assertThat(ex.getResponseBodyAsString()).contains("<center>nginx</center>");
				});
	}

	@Test
	void plainTextGatewayTimeout() {
		expect(aResponse().withStatus(504).withHeader("Content-Type", "text/plain").withBody("upstream request timeout\n"),
				GatewayTimeoutException.class, (ex) -> {
					assertThat(ex.getGatewayMessage()).isEqualTo("upstream request timeout");
					assertThat(ex.isRetryable()).isTrue();
				});
	}

	@Test
	void midjourneyShape() {
		expect(json(500, "{\"description\":\"upstream midjourney failed\",\"type\":\"upstream_error\",\"code\":24}"),
				InternalServerErrorException.class, (ex) -> {
					assertThat(ex.getErrorCode()).isEqualTo("24");
					assertThat(ex.getGatewayMessage()).isEqualTo("upstream midjourney failed");
					assertThat(ex.getErrorType()).isEqualTo("upstream_error");
				});
	}

	@Test
	void anthropicShapeWithUndocumentedStatus() {
		expect(json(529, "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"),
				ServerException.class, (ex) -> {
					assertThat(ex.getErrorType()).isEqualTo("overloaded_error");
					assertThat(ex.getGatewayMessage()).isEqualTo("Overloaded");
					assertThat(ex.isRetryable()).isTrue();
				});
	}

	@Test
	void truncatedJsonErrorBodyKeepsWhatCanBeRead() {
		expect(json(503, "{\"error\":{\"message\":\"service busy\",\"type\":\"new_api_error\",\"code\":\"overloaded\",\"param"),
				ServiceUnavailableException.class, (ex) -> {
					assertThat(ex.getGatewayMessage()).isEqualTo("service busy");
					assertThat(ex.getErrorCode()).isEqualTo("overloaded");
					assertThat(ex.getResponseBodyAsString()).endsWith("\"param");
				});
	}

	@Test
	void oversizedErrorBodyIsBounded() {
		String huge = "x".repeat(200_000);
		expect(aResponse().withStatus(500).withHeader("Content-Type", "text/plain").withBody(huge),
				InternalServerErrorException.class, (ex) -> {
					assertThat(ex.getResponseBodyAsString()).hasSizeLessThanOrEqualTo(8 * 1024);
					assertThat(ex.getGatewayError().bodyTruncated()).isTrue();
					assertThat(ex.getMessage()).hasSizeLessThan(1000);
				});
	}

	@Test
	void notImplementedIsNotRetryable() {
		expect(json(501, "{\"error\":{\"message\":\"API not implemented\",\"type\":\"new_api_error\",\"code\":\"api_not_implemented\"}}"),
				AiApiResponseException.class, (ex) -> assertThat(ex.isRetryable()).isFalse());
	}

	@Test
	void invalidUrl() {
		expect(json(404, "{\"error\":{\"message\":\"Invalid URL (POST /v1/chat/completion)\",\"type\":\"invalid_request_error\",\"code\":\"\"}}"),
				NotFoundException.class, (ex) -> assertThat(ex.isRetryable()).isFalse());
	}

	@Test
	void successWithTruncatedJson() {
		expect(json(200, "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"mess"),
				InvalidResponseException.class, (ex) -> {
					assertThat(ex.getStatusCode().value()).isEqualTo(200);
					assertThat(ex.getResponseBodyAsString()).startsWith("{\"id\":\"chatcmpl-1\"");
					assertThat(ex.isRetryable()).isFalse();
				});
	}

	@Test
	void successWithEmptyBody() {
		expect(aResponse().withStatus(200).withHeader("Content-Type", "application/json"), InvalidResponseException.class,
				(ex) -> assertThat(ex.getMessage()).contains("Empty response body"));
	}

	@Test
	void successWithHtml() {
		expect(aResponse().withStatus(200).withHeader("Content-Type", "text/html").withBody("<html><title>Login</title></html>"),
				InvalidResponseException.class, (ex) -> assertThat(ex.getMessage()).contains("Login"));
	}

	@Test
	void redirectNamesTheBaseUrlProperty() {
		expect(aResponse().withStatus(301).withHeader("Location", "https://aiapi.services/v1/chat/completions"),
				AiApiResponseException.class, (ex) -> assertThat(ex.getMessage()).contains("aiapi.base-url")
					.contains("https://aiapi.services/v1/chat/completions"));
	}

	@Test
	void unknownFieldsInSuccessAreIgnored() {
		gateway.stubFor(chatCompletions().willReturn(json(200, GatewayTestSupport.completion("Hi there"))));
		GatewayTestSupport.contextRunner(gateway).run((context) -> {
			var completion = context.getBean(AiApiTemplate.class).chat("Hello");
			assertThat(completion.content()).isEqualTo("Hi there");
			assertThat(completion.usage().totalTokens()).isEqualTo(12);
		});
	}

}
