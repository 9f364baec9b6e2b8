package services.aiapi;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.function.Supplier;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpMethod;
import org.springframework.util.unit.DataSize;

import services.aiapi.error.AiApiException;
import services.aiapi.error.AiApiRequestException;
import services.aiapi.error.AiApiTimeoutException;
import services.aiapi.error.InvalidResponseException;
import services.aiapi.error.NotFoundException;
import services.aiapi.error.QuotaExceededException;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Binary downloads on both templates: streamed as they come (a Flux of buffers, an InputStream, a file written
 * whole or not at all), typed errors before and during the body, the size limit, silence, retry only before the
 * first buffer, and every buffer released when a download is cancelled or fails (the build's paranoid leak check
 * reads this class's output).
 */
class DownloadIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private static final String PATH = "/v1/videos/task_1/content";

	private static final byte[] VIDEO = new byte[3 * 1024 * 1024 + 17];

	static {
		new Random(7).nextBytes(VIDEO);
	}

	@RegisterExtension
	static WireMockExtension gateway = GatewayTestSupport.wireMock();

	@TempDir
	Path directory;

	private static MappingBuilder content() {
		return get(PATH);
	}

	private static void stubVideo() {
		gateway.stubFor(content().willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "video/mp4")
			.withHeader("X-Oneapi-Request-Id", GatewayTestSupport.REQUEST_ID)
			.withBody(VIDEO)));
	}

	private static byte[] join(Flux<DataBuffer> buffers) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		buffers.doOnNext((buffer) -> {
			byte[] bytes = new byte[buffer.readableByteCount()];
			buffer.read(bytes);
			out.writeBytes(bytes);
			DataBufferUtils.release(buffer);
		}).blockLast(TIMEOUT);
		return out.toByteArray();
	}

	@Test
	void aDownloadStreamsOnBothTemplates() {
		stubVideo();
		GatewayTestSupport.contextRunner(gateway).run((context) -> {
			ReactiveAiApiTemplate reactive = context.getBean(ReactiveAiApiTemplate.class);
			assertThat(join(reactive.download(HttpMethod.GET, PATH, null))).isEqualTo(VIDEO);
			AiApiTemplate blocking = context.getBean(AiApiTemplate.class);
			try (InputStream in = blocking.download(HttpMethod.GET, PATH, null)) {
				assertThat(in.readAllBytes()).isEqualTo(VIDEO);
			}
			Path target = this.directory.resolve("video.mp4");
			Files.writeString(target, "an older file");
			assertThat(blocking.download(HttpMethod.GET, PATH, null, target)).isEqualTo(VIDEO.length);
			assertThat(Files.readAllBytes(target)).isEqualTo(VIDEO);
			try (var files = Files.list(this.directory)) {
				assertThat(files).containsExactly(target);
			}
		});
	}

	@Test
	void errorsBeforeTheBodyAreTypedAndLeaveTheTargetAsItWas() throws IOException {
		gateway.stubFor(content().willReturn(GatewayTestSupport.json(400,
				"{\"code\":\"task_not_exist\",\"message\":\"task_not_exist\",\"data\":null}")));
		Path target = this.directory.resolve("video.mp4");
		Files.writeString(target, "an older file");
		GatewayTestSupport.contextRunner(gateway).run((context) -> {
			AiApiTemplate blocking = context.getBean(AiApiTemplate.class);
			assertThatExceptionOfType(services.aiapi.error.TaskNotFoundException.class)
				.isThrownBy(() -> blocking.download(HttpMethod.GET, PATH, null, target));
			assertThat(Files.readString(target)).isEqualTo("an older file");
			try (var files = Files.list(this.directory)) {
				assertThat(files).containsExactly(target);
			}
			try (InputStream in = blocking.download(HttpMethod.GET, PATH, null)) {
				assertThatExceptionOfType(services.aiapi.error.TaskNotFoundException.class).isThrownBy(in::read);
			}
		});
		// a 200 whose JSON body is an error
		gateway.stubFor(content().willReturn(GatewayTestSupport.json(200,
				"{\"error\":{\"message\":\"user quota is not enough\",\"type\":\"new_api_error\",\"code\":\"insufficient_user_quota\"}}")));
		GatewayTestSupport.contextRunner(gateway)
			.run((context) -> assertThatExceptionOfType(QuotaExceededException.class).isThrownBy(
					() -> join(context.getBean(ReactiveAiApiTemplate.class).download(HttpMethod.GET, PATH, null))));
		gateway.stubFor(content().willReturn(GatewayTestSupport.json(404, "{\"error\":{\"message\":\"no\"}}")));
		GatewayTestSupport.contextRunner(gateway)
			.run((context) -> assertThatExceptionOfType(NotFoundException.class).isThrownBy(
					() -> join(context.getBean(ReactiveAiApiTemplate.class).download(HttpMethod.GET, PATH, null))));
	}

	@Test
	void aDownloadIsBoundedByTheResponseSizeLimitUnlessTheCallRaisesIt() {
		stubVideo();
		GatewayTestSupport.contextRunner(gateway, "aiapi.max-response-size=1MB").run((context) -> {
			ReactiveAiApiTemplate reactive = context.getBean(ReactiveAiApiTemplate.class);
			assertThatExceptionOfType(InvalidResponseException.class)
				.isThrownBy(() -> join(reactive.download(HttpMethod.GET, PATH, null)))
				.withMessageContaining("larger than aiapi.max-response-size");
			assertThat(join(reactive
				.withOptions(AiApiCallOptions.builder().maxResponseSize(DataSize.ofMegabytes(4)).build())
				.download(HttpMethod.GET, PATH, null))).isEqualTo(VIDEO);
			Path target = this.directory.resolve("video.mp4");
			assertThatExceptionOfType(InvalidResponseException.class)
				.isThrownBy(() -> context.getBean(AiApiTemplate.class).download(HttpMethod.GET, PATH, null, target));
			assertThat(target).doesNotExist();
		});
	}

	@Test
	void aDownloadThatGoesSilentTimesOut() {
		gateway.stubFor(content().willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "video/mp4")
			.withBody(VIDEO)
			.withChunkedDribbleDelay(3, 4000)));
		GatewayTestSupport.contextRunner(gateway, "aiapi.stream-idle-timeout=300ms", "aiapi.read-timeout=5s")
			.run((context) -> assertThatExceptionOfType(AiApiTimeoutException.class)
				.isThrownBy(() -> join(context.getBean(ReactiveAiApiTemplate.class).download(HttpMethod.GET, PATH, null)))
				.satisfies((timeout) -> assertThat(timeout.getPhase()).isEqualTo(AiApiTimeoutException.Phase.STREAM_IDLE)));
	}

	@Test
	void aDownloadIsRetriedOnlyBeforeItsFirstBuffer() {
		Supplier<MappingBuilder> request = DownloadIntegrationTests::content;
		gateway.stubFor(request.get()
			.inScenario("retry")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(GatewayTestSupport.json(503, "{\"error\":{\"message\":\"busy\",\"type\":\"upstream_error\"}}"))
			.willSetStateTo("second"));
		gateway.stubFor(request.get()
			.inScenario("retry")
			.whenScenarioStateIs("second")
			.willReturn(aResponse().withStatus(200).withHeader("Content-Type", "video/mp4").withBody(VIDEO)));
		GatewayTestSupport.contextRunner(gateway, "aiapi.retry.enabled=true", "aiapi.retry.wait-duration=10ms")
			.run((context) -> assertThat(
					join(context.getBean(ReactiveAiApiTemplate.class).download(HttpMethod.GET, PATH, null)))
				.isEqualTo(VIDEO));
		gateway.verify(2, getRequestedFor(urlEqualTo(PATH)));
		gateway.resetAll();
		// cut after the body started: typed, not replayed
		gateway.stubFor(content().willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "video/mp4")
			.withFault(Fault.RANDOM_DATA_THEN_CLOSE)));
		GatewayTestSupport.contextRunner(gateway, "aiapi.retry.enabled=true", "aiapi.retry.wait-duration=10ms")
			.run((context) -> assertThatExceptionOfType(AiApiException.class).isThrownBy(
					() -> join(context.getBean(ReactiveAiApiTemplate.class).download(HttpMethod.GET, PATH, null))));
	}

	@Test
	void cancelledAndFailedDownloadsReleaseEveryBuffer() {
		stubVideo();
		GatewayTestSupport
			.contextRunner(gateway, "aiapi.max-response-size=2MB", "aiapi.rate-limiter.limit-for-period=1000")
			.run((context) -> {
			ReactiveAiApiTemplate reactive = context.getBean(ReactiveAiApiTemplate.class);
			AiApiTemplate blocking = context.getBean(AiApiTemplate.class);
			for (int i = 0; i < 15; i++) {
				// the caller asks for one buffer, releases it and cancels
				reactive.download(HttpMethod.GET, PATH, null)
					.take(1, true)
					.doOnNext(DataBufferUtils::release)
					.blockLast(TIMEOUT);
				// a stream closed after a few bytes
				try (InputStream in = blocking.download(HttpMethod.GET, PATH, null)) {
					assertThat(in.read(new byte[100])).isPositive();
				}
				// over the limit, mid-body
				assertThatExceptionOfType(InvalidResponseException.class)
					.isThrownBy(() -> join(reactive.download(HttpMethod.GET, PATH, null)));
			}
			System.gc();
			// allocations after the collection let Netty's detector report what was collected unreleased
			assertThat(join(reactive.withOptions(AiApiCallOptions.builder().maxResponseSize(DataSize.ofMegabytes(4)).build())
				.download(HttpMethod.GET, PATH, null))).isEqualTo(VIDEO);
		});
	}

	@Test
	void aRequestFailureBeforeAnyResponseIsTyped() {
		gateway.stubFor(content().willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
		GatewayTestSupport.contextRunner(gateway)
			.run((context) -> assertThatExceptionOfType(AiApiRequestException.class).isThrownBy(
					() -> join(context.getBean(ReactiveAiApiTemplate.class).download(HttpMethod.GET, PATH, null))));
	}

}
