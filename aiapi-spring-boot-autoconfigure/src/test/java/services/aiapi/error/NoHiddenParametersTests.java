package services.aiapi.error;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An exception gets the request and attempt it is about as a constructor argument: no thread-local set around its
 * construction, so one made anywhere (a test, an application's own code) is as complete as one the translator made.
 */
class NoHiddenParametersTests {

	@Test
	void theErrorPackageHoldsNoThreadLocal() throws IOException {
		Path sources = Path.of("src/main/java/services/aiapi/error");
		try (Stream<Path> files = Files.list(sources)) {
			List<Path> java = files.filter((file) -> file.toString().endsWith(".java")).toList();
			assertThat(java).isNotEmpty();
			for (Path file : java) {
				assertThat(Files.readString(file)).as(file.toString()).doesNotContain("ThreadLocal");
			}
		}
	}

	@Test
	void anExceptionMadeOutsideTheTranslatorKnowsItsRequestAndAttempt() {
		CallAttempt third = new CallAttempt(HttpMethod.POST, java.net.URI.create("https://aiapi.services/v1/chat/completions"), 3);
		ServiceUnavailableException unavailable = new ServiceUnavailableException(third,
				HttpStatus.SERVICE_UNAVAILABLE, HttpHeaders.EMPTY,
				new GatewayError("service_unavailable", "busy", null, null, null, "{}", false), "req-1");
		assertThat(unavailable.getAttempts()).isEqualTo(3);
		assertThat(unavailable.getRequestMethod()).isEqualTo(HttpMethod.POST);
		assertThat(unavailable.getRequestUri()).hasPath("/v1/chat/completions");
		assertThat(unavailable.getMessage()).endsWith("[after 3 attempts]");
		AiApiTimeoutException timeout = new AiApiTimeoutException(AiApiTimeoutException.Phase.READ, null, third, null);
		assertThat(timeout.getAttempts()).isEqualTo(3);
		assertThat(timeout.getMethod()).isEqualTo(HttpMethod.POST);
	}

}
