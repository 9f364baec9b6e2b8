package services.aiapi;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static services.aiapi.GatewayTestSupport.chatCompletions;
import static services.aiapi.GatewayTestSupport.completion;
import static services.aiapi.GatewayTestSupport.json;

/**
 * The gateway reached through a real forwarding proxy on loopback: an HTTP proxy that opens CONNECT tunnels,
 * asks for credentials when told to, and records every tunnel it opens.
 */
@ExtendWith(OutputCaptureExtension.class)
class ProxyIntegrationTests {

	@RegisterExtension
	static WireMockExtension gateway = GatewayTestSupport.wireMock();

	private static LoopbackSocketServer proxy;

	private static final List<String> tunnels = new CopyOnWriteArrayList<>();

	private static volatile String requiredCredentials;

	@BeforeAll
	static void startProxy() throws IOException {
		proxy = LoopbackSocketServer.start(ProxyIntegrationTests::tunnel);
	}

	@AfterAll
	static void stopProxy() throws IOException {
		proxy.close();
	}

	@BeforeEach
	void reset() {
		tunnels.clear();
		requiredCredentials = null;
	}

	// CONNECT host:port, optionally checking Proxy-Authorization, then bytes both ways until either side closes
	private static void tunnel(Socket client) {
		try (client) {
			InputStream in = client.getInputStream();
			String head = readHead(in);
			String[] requestLine = head.split("\r\n")[0].split(" ");
			OutputStream out = client.getOutputStream();
			if (!"CONNECT".equals(requestLine[0])) {
				out.write("HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
				return;
			}
			if (requiredCredentials != null && !head.contains("proxy-authorization: Basic " + requiredCredentials)
					&& !head.contains("Proxy-Authorization: Basic " + requiredCredentials)) {
				out.write(("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\"\r\n"
						+ "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
				return;
			}
			String[] target = requestLine[1].split(":");
			try (Socket upstream = new Socket(target[0], Integer.parseInt(target[1]))) {
				tunnels.add(requestLine[1]);
				out.write("HTTP/1.1 200 Connection Established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
				out.flush();
				proxy.submit(() -> pipe(upstream, client));
				pipe(client, upstream);
			}
		}
		catch (IOException ex) {
			// a side closed
		}
	}

	private static String readHead(InputStream in) throws IOException {
		StringBuilder head = new StringBuilder();
		while (!head.toString().endsWith("\r\n\r\n")) {
			int b = in.read();
			if (b < 0) {
				break;
			}
			head.append((char) b);
		}
		return head.toString();
	}

	private static void pipe(Socket from, Socket to) {
		try {
			from.getInputStream().transferTo(to.getOutputStream());
			to.shutdownOutput();
		}
		catch (IOException ex) {
			// a side closed
		}
	}

	@Test
	void callsGoThroughTheConfiguredProxy() {
		gateway.stubFor(chatCompletions().willReturn(json(200, completion("via proxy"))));
		GatewayTestSupport
			.contextRunner(gateway, "aiapi.proxy.host=127.0.0.1", "aiapi.proxy.port=" + proxy.port())
			.run((context) -> assertThat(context.getBean(AiApiTemplate.class).chat("Hi").content())
				.isEqualTo("via proxy"));
		assertThat(tunnels).singleElement().asString().endsWith(":" + gateway.getPort());
	}

	@Test
	void aNonProxyHostIsReachedDirectly() {
		gateway.stubFor(chatCompletions().willReturn(json(200, completion("direct"))));
		GatewayTestSupport
			.contextRunner(gateway, "aiapi.proxy.host=127.0.0.1", "aiapi.proxy.port=" + proxy.port(),
					"aiapi.proxy.non-proxy-hosts=localhost|127.*|*.internal")
			.run((context) -> assertThat(context.getBean(AiApiTemplate.class).chat("Hi").content())
				.isEqualTo("direct"));
		assertThat(tunnels).isEmpty();
	}

	@Test
	void proxyCredentialsAreSentAndNeverShown(CapturedOutput output) {
		requiredCredentials = Base64.getEncoder().encodeToString("agent:s3cret-proxy".getBytes(StandardCharsets.UTF_8));
		gateway.stubFor(chatCompletions().willReturn(json(200, completion("authenticated"))));
		GatewayTestSupport
			.contextRunner(gateway, "aiapi.proxy.host=127.0.0.1", "aiapi.proxy.port=" + proxy.port(),
					"aiapi.proxy.username=agent", "aiapi.proxy.password=s3cret-proxy")
			.run((context) -> assertThat(context.getBean(AiApiTemplate.class).chat("Hi").content())
				.isEqualTo("authenticated"));
		assertThat(tunnels).hasSize(1);
		assertThat(output.getAll()).doesNotContain("s3cret-proxy");
		assertThat(new services.aiapi.http.AiApiConnectionPool.Proxy(
				services.aiapi.http.AiApiConnectionPool.ProxyType.HTTP, "proxy", 3128, "agent", "s3cret-proxy", null))
			.hasToString("Proxy[HTTP proxy:3128, user agent, password ****]");
	}

}
