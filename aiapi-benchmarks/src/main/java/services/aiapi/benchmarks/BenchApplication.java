package services.aiapi.benchmarks;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/**
 * The smallest application that auto-configures the starter (and, with Actuator present, its metrics).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class BenchApplication {

}
