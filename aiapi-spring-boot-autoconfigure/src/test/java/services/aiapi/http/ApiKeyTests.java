package services.aiapi.http;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ApiKeyTests {

	@Test
	void trimsWhitespaceAndPastedBearerPrefix() {
		assertThat(ApiKey.of("  sk-1234567890abcdef \n").authorizationHeader()).isEqualTo("Bearer sk-1234567890abcdef");
		assertThat(ApiKey.of("Bearer sk-1234567890abcdef").authorizationHeader())
			.isEqualTo("Bearer sk-1234567890abcdef");
		assertThat(ApiKey.of("bearer   sk-1234567890abcdef").authorizationHeader())
			.isEqualTo("Bearer sk-1234567890abcdef");
	}

	@Test
	void refusesMissingBlankAndBareBearer() {
		assertThatIllegalArgumentException().isThrownBy(() -> ApiKey.of(null));
		assertThatIllegalArgumentException().isThrownBy(() -> ApiKey.of(" \t"));
		assertThatIllegalArgumentException().isThrownBy(() -> ApiKey.of("Bearer "));
	}

	@Test
	void refusesInnerWhitespaceAndControlCharactersWithoutEchoingTheKey() {
		assertThatIllegalArgumentException().isThrownBy(() -> ApiKey.of("sk-abc defSECRET"))
			.withMessageContaining("whitespace")
			.withMessageNotContaining("SECRET");
		assertThatIllegalArgumentException().isThrownBy(() -> ApiKey.of("sk-abc\u0007SECRET"))
			.withMessageContaining("control")
			.withMessageNotContaining("SECRET");
		assertThatIllegalArgumentException().isThrownBy(() -> ApiKey.of("sk-abc\u00a0SECRET"))
			.withMessageNotContaining("SECRET");
	}

	@Test
	void unwrapsAKeyPastedWithItsQuotes() {
		assertThat(ApiKey.of("\"sk-1234567890abcdef\"").authorizationHeader()).isEqualTo("Bearer sk-1234567890abcdef");
		assertThat(ApiKey.of(" 'sk-1234567890abcdef' ").authorizationHeader())
			.isEqualTo("Bearer sk-1234567890abcdef");
		assertThatIllegalArgumentException().isThrownBy(() -> ApiKey.of("\"sk-abc"))
			.withMessageContaining("position 1");
	}

	@Test
	void refusesAnUnresolvedPlaceholder() {
		assertThatIllegalArgumentException().isThrownBy(() -> ApiKey.of("${AIAPI_API_KEY}"))
			.withMessageContaining("unresolved placeholder ${AIAPI_API_KEY}");
	}

	@Test
	void redactsTheKeyFromText() {
		ApiKey key = ApiKey.of("sk-1234567890abcdef");
		assertThat(key.redact("Invalid token sk-1234567890abcdef (request id: 1)"))
			.isEqualTo("Invalid token ****cdef (request id: 1)");
		assertThat(key.redact("nothing to hide")).isEqualTo("nothing to hide");
		assertThat(key.redact(null)).isNull();
	}

	@Test
	void toStringMasksTheKey() {
		ApiKey key = ApiKey.of("sk-1234567890abcdef");
		assertThat(key.toString()).isEqualTo("ApiKey[****cdef]").doesNotContain("1234567890");
		assertThat(ApiKey.of("short").masked()).isEqualTo("****");
	}

}
