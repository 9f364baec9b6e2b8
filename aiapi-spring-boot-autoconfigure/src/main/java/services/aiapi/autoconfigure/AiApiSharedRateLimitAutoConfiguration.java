package services.aiapi.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.util.ClassUtils;

import services.aiapi.resilience.SharedRateLimiter;
import services.aiapi.resilience.redis.RedisSharedRateLimiter;

/**
 * The client-side rate limit shared through Redis ({@code aiapi.rate-limiter.shared.enabled=true}): the Redis of
 * {@code aiapi.rate-limiter.shared.redis-url}, or else the application's own, as Spring Boot configures it
 * ({@code spring.data.redis.*}). Redis that is down at start-up does not stop the application: the limiter starts
 * on the instance's own limit and connects later.
 */
@AutoConfiguration(before = AiApiAutoConfiguration.class,
		afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnClass({ Bucket4jLettuce.class, RedisClient.class })
@ConditionalOnBooleanProperty("aiapi.rate-limiter.shared.enabled")
@EnableConfigurationProperties(AiApiProperties.class)
public final class AiApiSharedRateLimitAutoConfiguration {

	private static final String SPRING_DATA_REDIS = "org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory";

	private static final Duration STARTUP_CONNECT_WAIT = Duration.ofSeconds(2);

	@Bean
	@ConditionalOnMissingBean(SharedRateLimiter.class)
	RedisSharedRateLimiter aiApiSharedRateLimiter(AiApiProperties properties, ObjectProvider<Clock> clock,
			ListableBeanFactory beanFactory) {
		AiApiProperties.RateLimiter limiter = properties.getRateLimiter();
		AiApiProperties.Shared shared = limiter.getShared();
		String apiKey = properties.getApiKey();
		if (apiKey == null || apiKey.isBlank()) {
			throw new AiApiConfigurationException("aiapi.rate-limiter.shared.enabled",
					"the shared rate limit is kept per API key, and aiapi.api-key is not set",
					"Set aiapi.api-key, or set aiapi.rate-limiter.shared.enabled=false.");
		}
		RedisSharedRateLimiter.Settings settings = new RedisSharedRateLimiter.Settings(limiter.getLimitForPeriod(),
				limiter.getLimitRefreshPeriod(), limiter.getTimeoutDuration(), shared.getCommandTimeout(),
				shared.getRecheckInterval(), shared.getKeyPrefix());
		RedisSharedRateLimiter rateLimiter;
		if (shared.getRedisUrl() != null && !shared.getRedisUrl().isBlank()) {
			// back soon after Redis is: reconnect attempts from 100 ms, at most 5 s apart
			ClientResources resources = ClientResources.builder()
				.reconnectDelay(Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(5), 2, TimeUnit.MILLISECONDS))
				.build();
			RedisClient client = RedisClient.create(resources, shared.getRedisUrl());
			// while Redis is away, commands fail at once instead of queueing: the local limit applies meanwhile
			client.setOptions(ClientOptions.builder()
				.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
				.build());
			rateLimiter = new RedisSharedRateLimiter(() -> client.connect(ByteArrayCodec.INSTANCE), apiKey, settings,
					AiApiAutoConfiguration.clock(clock), () -> {
						client.shutdown();
						resources.shutdown();
					});
		}
		else if (ClassUtils.isPresent(SPRING_DATA_REDIS, getClass().getClassLoader())
				&& beanFactory.getBeanNamesForType(LettuceConnectionFactory.class).length > 0) {
			rateLimiter = new RedisSharedRateLimiter(ApplicationRedis.connector(beanFactory), apiKey, settings,
					AiApiAutoConfiguration.clock(clock), null);
		}
		else {
			throw new AiApiConfigurationException("aiapi.rate-limiter.shared.enabled",
					"the shared rate limit needs Redis, and there is neither aiapi.rate-limiter.shared.redis-url nor "
							+ "a Lettuce connection of the application (spring-boot-starter-data-redis)",
					"Set aiapi.rate-limiter.shared.redis-url, or add spring-boot-starter-data-redis and configure "
							+ "spring.data.redis.*.");
		}
		rateLimiter.connect(STARTUP_CONNECT_WAIT);
		return rateLimiter;
	}

	// kept apart, so that the class loads only when Spring Data Redis is present
	private static final class ApplicationRedis {

		static Supplier<StatefulConnection<byte[], byte[]>> connector(ListableBeanFactory beanFactory) {
			return () -> {
				LettuceConnectionFactory factory = beanFactory.getBean(LettuceConnectionFactory.class);
				AbstractRedisClient client = factory.getNativeClient();
				if (client instanceof RedisClusterClient cluster) {
					return cluster.connect(ByteArrayCodec.INSTANCE);
				}
				if (client instanceof RedisClient single) {
					return single.connect(ByteArrayCodec.INSTANCE);
				}
				throw new IllegalStateException("Unsupported Redis client: " + client);
			};
		}

	}

}
