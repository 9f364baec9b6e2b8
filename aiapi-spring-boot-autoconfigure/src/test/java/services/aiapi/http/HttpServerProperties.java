package services.aiapi.http;

import java.time.Duration;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import services.aiapi.AiApiClientBuilder;
import services.aiapi.AiApiClientSettings;
import services.aiapi.ReactiveAiApiTemplate;
import services.aiapi.error.AiApiException;
import services.aiapi.model.ChatCompletionChunk;
import services.aiapi.model.ChatCompletionRequest;
import services.aiapi.resilience.AiApiResilience;
import services.aiapi.resilience.ResilienceSettings;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same hostile responses as {@link ResponseReaderProperties}, sent by a real HTTP server on loopback, some of
 * them dripped in pieces: through the whole client (Reactor Netty, the template, its deadline), every call ends
 * within a bound as a value or an {@link AiApiException}.
 */
class HttpServerProperties {

	private static final Duration BOUND = Duration.ofSeconds(15);

	private static WireMockServer server;

	private static ReactiveAiApiTemplate template;

	// the blocking template over the starter's connector: its calls run on the caller's thread (Apache HttpClient 5)
	private static AiApiConnectionPool pool;

	private static services.aiapi.AiApiTemplate blocking;

	@BeforeContainer
	static void start() {
		server = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
		server.start();
		template = AiApiClientBuilder.create("http://127.0.0.1:" + server.port(), "sk-test-Zq7pW3xY9vB2nM4k")
			.resilience(new AiApiResilience(ResilienceSettings.disabled(), java.time.Clock.systemUTC(),
					java.util.List.of()))
			.settings(new AiApiClientSettings("gemini-2.5-flash", null, Duration.ofSeconds(2), Duration.ofSeconds(2),
					1 << 20, Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(5)))
			.buildReactiveTemplate();
		pool = new AiApiConnectionPool(new AiApiConnectionPool.Settings(50, 100, Duration.ofSeconds(2),
				Duration.ofSeconds(20), Duration.ofMinutes(5)));
		blocking = AiApiClientBuilder.create("http://127.0.0.1:" + server.port(), "sk-test-Zq7pW3xY9vB2nM4k")
			.resilience(new AiApiResilience(ResilienceSettings.disabled(), java.time.Clock.systemUTC(),
					java.util.List.of()))
			.settings(new AiApiClientSettings("gemini-2.5-flash", null, Duration.ofSeconds(2), Duration.ofSeconds(2),
					1 << 20, Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(5)))
			.connector(pool.connector(Duration.ofSeconds(2), Duration.ofSeconds(2), null, null, true))
			.buildTemplate();
	}

	@AfterContainer
	static void stop() {
		server.stop();
		pool.destroy();
	}

	@Property(tries = 60)
	void aBlockingChatOnTheCallersThreadEndsAsAValueOrTyped(
			@ForAll(supplier = HostileResponses.FinalResponses.class) HostileResponses.Response response,
			@ForAll boolean dripped) {
		serve(response, dripped);
		long start = System.nanoTime();
		assertEndsTyped(() -> blocking.chat("Hi"));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BOUND);
	}

	@Property(tries = 60)
	void aChatEndsAsAValueOrTyped(
			@ForAll(supplier = HostileResponses.FinalResponses.class) HostileResponses.Response response,
			@ForAll boolean dripped) {
		serve(response, dripped);
		assertEndsTyped(() -> template.chat("Hi").block(BOUND));
	}

	@Property(tries = 60)
	void aStreamEndsTyped(@ForAll(supplier = HostileResponses.FinalResponses.class) HostileResponses.Response response,
			@ForAll boolean dripped) {
		serve(response, dripped);
		assertEndsTyped(() -> template.chatStream(ChatCompletionRequest.ofUser("Hi").build())
			.map(ChatCompletionChunk::content)
			.then()
			.block(BOUND));
	}

	@Property(tries = 40)
	void anUploadEndsAsAValueOrTyped(
			@ForAll(supplier = HostileResponses.FinalResponses.class) HostileResponses.Response response,
			@ForAll boolean dripped, @ForAll boolean blockingTemplate) {
		serve(response, dripped);
		services.aiapi.model.MultipartBody body = services.aiapi.model.MultipartBody.builder()
			.file("file", new byte[4096], "speech.mp3", null)
			.field("model", "whisper-1")
			.build();
		assertEndsTyped(() -> {
			if (blockingTemplate) {
				blocking.upload("/v1/audio/transcriptions", body, java.util.Map.class);
			}
			else {
				template.upload("/v1/audio/transcriptions", body, java.util.Map.class).block(BOUND);
			}
		});
	}

	@Property(tries = 40)
	void aDownloadEndsAsBytesOrTyped(
			@ForAll(supplier = HostileResponses.FinalResponses.class) HostileResponses.Response response,
			@ForAll boolean dripped) {
		serve(response, dripped);
		assertEndsTyped(() -> template.download(org.springframework.http.HttpMethod.GET, "/v1/videos/t/content", null)
			.doOnNext(org.springframework.core.io.buffer.DataBufferUtils::release)
			.then()
			.block(BOUND));
	}

	@Property(tries = 40)
	void aResponsesOrMessagesStreamEndsTyped(
			@ForAll(supplier = HostileResponses.FinalResponses.class) HostileResponses.Response response,
			@ForAll boolean dripped, @ForAll boolean messages) {
		serve(response, dripped);
		assertEndsTyped(() -> ((messages)
				? template.createMessageStream(services.aiapi.model.messages.MessageRequest.of("Hi", 100).build())
				: template.createResponseStream(services.aiapi.model.responses.ResponseRequest.of("Hi").build()))
			.then()
			.block(BOUND));
	}

	@Property(tries = 30)
	void speechImagesAndTranscriptionsEndAsAValueOrTyped(
			@ForAll(supplier = HostileResponses.FinalResponses.class) HostileResponses.Response response,
			@ForAll boolean dripped, @ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 2) int operation) {
		serve(response, dripped);
		assertEndsTyped(() -> {
			switch (operation) {
				case 0 -> template.speech(services.aiapi.model.audio.SpeechRequest.of("tts-1", "Hello", "alloy"))
					.doOnNext(org.springframework.core.io.buffer.DataBufferUtils::release)
					.then()
					.block(BOUND);
				case 1 -> blocking.generateImage(services.aiapi.model.images.ImageRequest.of("a cat").model("m").build());
				default -> blocking.transcribe(new services.aiapi.model.audio.TranscriptionRequest(
						new org.springframework.core.io.ByteArrayResource(new byte[2048]), "a.mp3", "whisper-1", null,
						null, null, null, null));
			}
		});
	}

	private static void serve(HostileResponses.Response response, boolean dripped) {
		ResponseDefinitionBuilder definition = aResponse().withStatus(response.status()).withBody(response.body());
		if (!response.contentType().isEmpty()) {
			definition.withHeader("Content-Type", response.contentType());
		}
		response.headers().forEach(definition::withHeader);
		if (dripped && response.body().length > 0) {
			definition.withChunkedDribbleDelay(Math.min(response.body().length, 20), 200);
		}
		server.resetAll();
		server.stubFor(any(anyUrl()).willReturn(definition));
	}

	private static void assertEndsTyped(Runnable call) {
		try {
			call.run();
		}
		catch (Throwable ex) {
			assertThat(ex).isInstanceOf(AiApiException.class);
			assertThat(ex.getMessage()).isNotBlank();
		}
	}

}
