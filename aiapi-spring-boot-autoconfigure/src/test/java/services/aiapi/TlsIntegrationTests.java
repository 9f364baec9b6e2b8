package services.aiapi;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import services.aiapi.error.TlsHandshakeException;
import services.aiapi.resilience.AiApiResilience;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;

import services.aiapi.autoconfigure.AiApiAutoConfiguration;
import services.aiapi.error.AiApiRequestException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A gateway behind a private CA: a real TLS server on 127.0.0.1 whose certificate is made by the test (the JDK's
 * keytool), trusted by the client only through a Spring Boot SSL bundle (a PEM certificate).
 */
@ExtendWith(OutputCaptureExtension.class)
class TlsIntegrationTests {

	private static final String PASSWORD = "changeit";

	@TempDir
	static Path directory;

	private static DisposableServer server;

	private static Path certificate;

	@BeforeAll
	static void start() throws Exception {
		Path keyStore = directory.resolve("gateway.p12");
		certificate = directory.resolve("gateway.pem");
		keytool("-genkeypair", "-alias", "gateway", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
				"CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore",
				keyStore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
		keytool("-exportcert", "-rfc", "-alias", "gateway", "-keystore", keyStore.toString(), "-storepass", PASSWORD,
				"-file", certificate.toString());
		KeyStore store = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(keyStore)) {
			store.load(in, PASSWORD.toCharArray());
		}
		KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		keyManagers.init(store, PASSWORD.toCharArray());
		SslContext tls = SslContextBuilder.forServer(keyManagers).build();
		server = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.secure((spec) -> spec.sslContext(tls))
			.route((routes) -> routes.post("/v1/chat/completions",
					(request, response) -> response.header("Content-Type", "application/json")
						.sendString(request.receive().asString().then(Mono.just(GatewayTestSupport.completion("over tls"))))))
			.bindNow();
	}

	@AfterAll
	static void stop() {
		server.disposeNow();
	}

	private static void keytool(String... arguments) throws Exception {
		List<String> command = new java.util.ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes());
		assertThat(process.waitFor()).as(output).isZero();
	}

	private static ApplicationContextRunner runner(String... properties) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, WebClientAutoConfiguration.class,
					AiApiAutoConfiguration.class))
			.withPropertyValues("aiapi.base-url=https://127.0.0.1:" + server.port(),
					"aiapi.api-key=" + GatewayTestSupport.API_KEY, "aiapi.default-model=gemini-2.5-flash",
					"aiapi.retry.enabled=false", "aiapi.read-timeout=5s",
					"spring.ssl.bundle.pem.gateway.truststore.certificate=file:" + certificate)
			.withPropertyValues(properties);
	}

	@Test
	void withoutTheBundleTheCertificateIsNotTrustedAndTheFailureIsTypedNotRetriedAndQuiet(CapturedOutput output)
			throws Exception {
		// issue 22, defect 6: retried 4 times (7 s), and some 10 transport WARN entries with 445 stack-trace lines
		// for one call. A real SpringApplication with Boot's default logging set-up (no transport logger quieted
		// by hand, as this module's logback-test.xml does), so the starter's own defaults are what is tested.
		ConfigurableApplicationContext context = new SpringApplicationBuilder(TlsClientApplication.class)
			.web(WebApplicationType.NONE)
			.properties("logging.config=classpath:logback-default-levels.xml", "spring.main.banner-mode=off",
					"aiapi.base-url=https://127.0.0.1:" + server.port(), "aiapi.api-key=" + GatewayTestSupport.API_KEY,
					"aiapi.default-model=gemini-2.5-flash", "aiapi.read-timeout=5s")
			.run();
		try {
			long start = System.nanoTime();
			assertThatExceptionOfType(TlsHandshakeException.class)
				.isThrownBy(() -> context.getBean(AiApiTemplate.class).chat("Hi"))
				.withMessageContaining("TLS handshake with the gateway failed")
				.withMessageContaining("aiapi.ssl.bundle")
				.withMessageContaining("spring.http.clients.ssl.bundle")
				.satisfies((ex) -> {
					assertThat(ex.isRetryable()).isFalse();
					assertThat(ex.getAttempts()).isEqualTo(1);
				});
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
			assertThat(context.getBean(AiApiResilience.class)
				.circuitBreaker("gemini-2.5-flash")
				.getMetrics()
				.getNumberOfFailedCalls()).isZero();
			Thread.sleep(200);
		}
		finally {
			context.close();
			GatewayTestSupport.restoreTestLogging();
		}
		assertThat(output.getAll()).contains("aiapi call failed")
			.doesNotContain("HttpClientConnect")
			.doesNotContain(" ERROR ")
			.doesNotContain("\tat ");
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ SslAutoConfiguration.class, WebClientAutoConfiguration.class,
			AiApiAutoConfiguration.class })
	static class TlsClientApplication {

	}

	@Test
	void anUnknownBundleSuggestsTheClosestConfiguredOne() {
		runner("aiapi.ssl.bundle=gatewy").run((context) -> assertThat(context.getStartupFailure())
			.rootCause()
			.hasMessageContaining("no SSL bundle named 'gatewy' (did you mean 'gateway'?)"));
	}

	@Test
	void theStartersBundlePropertyReachesItsClient() {
		runner("aiapi.ssl.bundle=gateway").run((context) -> assertThat(
				context.getBean(AiApiTemplate.class).chat("Hi").content()).isEqualTo("over tls"));
	}

	@Test
	void bootsHttpClientBundleReachesTheStartersClient() {
		runner("spring.http.clients.ssl.bundle=gateway").run((context) -> assertThat(
				context.getBean(AiApiTemplate.class).chat("Hi").content()).isEqualTo("over tls"));
	}

	@Test
	void anUnknownBundleFailsStartupNamingTheProperty() {
		runner("aiapi.ssl.bundle=nope").run((context) -> assertThat(context.getStartupFailure())
			.rootCause()
			.hasMessageContaining("aiapi.ssl.bundle")
			.hasMessageContaining("no SSL bundle named 'nope'"));
	}

}
