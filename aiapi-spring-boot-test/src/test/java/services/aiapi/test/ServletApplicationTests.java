package services.aiapi.test;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.context.WebApplicationContext;

import services.aiapi.AiApiTemplate;
import services.aiapi.error.AiApiException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter in a servlet (Spring MVC) application, the most common kind: the blocking template serves a
 * controller on Tomcat, against the simulator started by {@link AutoConfigureAiApiSimulator}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "aiapi.default-model=gemini-2.5-flash", "aiapi.retry.enabled=false" })
@AutoConfigureAiApiSimulator(dialect = Dialect.NEW_API)
class ServletApplicationTests {

	@LocalServerPort
	int port;

	@Autowired
	ApplicationContext context;

	@Autowired
	AiApiSimulator simulator;

	@org.junit.jupiter.api.BeforeEach
	void resetSimulator() {
		this.simulator.reset();
	}

	@Test
	void blockingTemplateServesAnMvcController() {
		assertThat(this.context).isInstanceOf(WebApplicationContext.class);
		assertThat(this.context.getClass().getName()).contains("Servlet");
		String answer = RestClient.create("http://127.0.0.1:" + this.port)
			.get()
			.uri("/ask?q={q}", "Hello")
			.retrieve()
			.body(String.class);
		assertThat(answer).isEqualTo("This is the simulator's answer to: Hello");
		assertThat(this.simulator.requestCount("/v1/chat/completions")).isEqualTo(1);
		assertThat(this.simulator.dialect()).isEqualTo(Dialect.NEW_API);
	}

	@Test
	void typedExceptionsReachMvcCode() {
		String answer = RestClient.create("http://127.0.0.1:" + this.port)
			.get()
			.uri("/ask?q={q}", "simulate: quota_not_enough")
			.retrieve()
			.body(String.class);
		assertThat(answer).startsWith("QuotaExceededException");
	}

	@SpringBootApplication
	@RestController
	static class MvcApplication {

		private final AiApiTemplate aiApi;

		MvcApplication(AiApiTemplate aiApi) {
			this.aiApi = aiApi;
		}

		@GetMapping("/ask")
		String ask(@RequestParam String q) {
			try {
				return this.aiApi.chat(q).content();
			}
			catch (AiApiException ex) {
				return ex.getClass().getSimpleName() + ": " + ex.getMessage();
			}
		}

	}

}
