package services.aiapi.test;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

/**
 * A second host, like the CDN a provider puts a task's result on: serves each finished task's content at
 * {@code /cdn/<task>.<mp4|wav|png>} without a key, and records every request with the key it carried, so that a test
 * can show the key never reached it.
 */
final class CdnBehaviour implements ResponseDefinitionTransformerV2 {

	private final AiApiSimulator simulator;

	CdnBehaviour(AiApiSimulator simulator) {
		this.simulator = simulator;
	}

	@Override
	public String getName() {
		return "aiapi-cdn";
	}

	@Override
	public ResponseDefinition transform(ServeEvent serveEvent) {
		Request request = serveEvent.getRequest();
		String path = request.getUrl().split("\\?", 2)[0];
		String authorization = request.getHeader("Authorization");
		this.simulator.recordCdn(new RecordedRequest(request.getMethod().getName(), path, "", false,
				this.simulator.clock().instant(), (authorization != null) ? authorization : null));
		AiApiSimulator.CdnContent content = this.simulator.cdnContent(path);
		if (content == null) {
			return ResponseDefinitionBuilder.responseDefinition()
				.withStatus(404)
				.withHeader("Content-Type", "text/html")
				.withBody("<html><body>404 Not Found</body></html>")
				.build();
		}
		return ResponseDefinitionBuilder.responseDefinition()
			.withStatus(200)
			.withHeader("Content-Type", content.contentType())
			.withBody(content.bytes())
			.build();
	}

}
