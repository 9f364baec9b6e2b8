package services.aiapi.error;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scan that lets a plain success body or stream event skip the tree path: it must never miss an error in disguise (a
 * miss would turn a gateway error into an empty success); a false positive is only slower.
 */
class SuccessBodyPrefilterTests {

	@ParameterizedTest
	@ValueSource(strings = { "{\"error\":{\"message\":\"quota\",\"code\":\"insufficient_quota\"}}",
			"{\"success\":false,\"message\":\"upstream failed\"}", "{\"id\":\"x\",\"error\":null}",
			"{\"data\":{\"nested\":{\"success\":true}}}", "{ \"error\" : \"bad\" }", "\"error\"", "\"success\"",
			"{\"сообщение\":\"ошибка\",\"error\":{\"message\":\"上游失败\"}}" })
	void bodyNamingErrorOrSuccessTakesTheCheckedPath(String body) {
		assertThat(ErrorBodyParser.mayBeError(body.getBytes(StandardCharsets.UTF_8))).isTrue();
		assertThat(ErrorBodyParser.mayBeError(body)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"id\":\"chatcmpl-1\",\"choices\":[{\"message\":{\"content\":\"an error occurred\"}}]}",
			"{\"errors\":1}", "{\"successful\":true}", "{\"e\":\"rror\"}", "", "\"", "\"error", "{\"erro\":\"r\"}",
			"{\"content\":\"\\\"err\"}",
			"{\"content\":\"ошибка error 失败 success\"}" })
	void plainSuccessBodyTakesTheFastPath(String body) {
		assertThat(ErrorBodyParser.mayBeError(body.getBytes(StandardCharsets.UTF_8))).isFalse();
		assertThat(ErrorBodyParser.mayBeError(body)).isFalse();
	}

}
