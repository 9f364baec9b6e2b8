package services.aiapi.sample;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;

import services.aiapi.autoconfigure.AiApiConnectionDetails;

/**
 * A WebFlux application that calls the aiapi.services gateway through the starter.
 */
@SpringBootApplication
public class SampleApplication {

	private static final Log logger = LogFactory.getLog(SampleApplication.class);

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

	// one line that says where to point a browser, and which gateway the answers come from
	@Bean
	ApplicationListener<ApplicationReadyEvent> sampleReady(AiApiConnectionDetails gateway) {
		return (event) -> logger.info("Sample ready at http://localhost:"
				+ event.getApplicationContext().getEnvironment().getProperty("local.server.port", "8080")
				+ " (try /models, /chat, /chat/stream?prompt=Hi), calling the gateway at " + gateway.getBaseUrl());
	}

}
