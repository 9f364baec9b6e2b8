package services.aiapi.autoconfigure;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.codec.ByteArrayCodec;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.util.ClassUtils;

import services.aiapi.resilience.ApiKeyPool;
import services.aiapi.resilience.SharedRateLimiter;
import services.aiapi.resilience.SharedRateLimiters;
import services.aiapi.resilience.redis.RedisSharedRateLimiter;

/**
 * The client-side rate limit shared through Redis ({@code aiapi.rate-limiter.shared.enabled=true}): the Redis of
 * {@code aiapi.rate-limiter.shared.redis-url}, or else the application's own, as Spring Boot configures it
 * ({@code spring.data.redis.*}), reached through a client of the limiter's own made from the application's
 * configuration. Start-up never waits for Redis: the limiter connects in the background once the context starts, on
 * the instance's own limit until then.
 */
@AutoConfiguration(before = AiApiAutoConfiguration.class,
		afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnClass({ Bucket4jLettuce.class, RedisClient.class })
@ConditionalOnBooleanProperty("aiapi.rate-limiter.shared.enabled")
@EnableConfigurationProperties(AiApiProperties.class)
public final class AiApiSharedRateLimitAutoConfiguration {

	private static final String SPRING_DATA_REDIS = "org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory";

	@Bean
	@ConditionalOnMissingBean(SharedRateLimiter.class)
	@Conditional(KeyPoolConditions.OnSingleKey.class)
	RedisSharedRateLimiter aiApiSharedRateLimiter(AiApiProperties properties, AiApiConnectionDetails connectionDetails,
			ObjectProvider<Clock> clock, ListableBeanFactory beanFactory) {
		String apiKey = connectionDetails.getApiKey();
		if (apiKey == null || apiKey.isBlank()) {
			throw new AiApiConfigurationException("aiapi.rate-limiter.shared.enabled",
					"the shared rate limit is kept per API key, and aiapi.api-key is not set",
					"Set aiapi.api-key, or set aiapi.rate-limiter.shared.enabled=false.");
		}
		RedisClient client = redisUrlClient(properties);
		return limiter(properties, apiKey, client, clock, beanFactory, (client != null) ? client::shutdown : null);
	}

	/**
	 * With a key pool, one shared limit per key: every instance that uses a key shares that key's limit, and the
	 * fleet's throughput is the sum of the keys'.
	 */
	@Bean
	@ConditionalOnMissingBean(SharedRateLimiters.class)
	@Conditional(KeyPoolConditions.OnKeyPool.class)
	SharedRateLimiters aiApiSharedRateLimiters(AiApiProperties properties, ObjectProvider<Clock> clock,
			ListableBeanFactory beanFactory) {
		RedisClient client = redisUrlClient(properties);
		Map<String, SharedRateLimiter> limiters = new LinkedHashMap<>();
		List<ApiKeyPool.Entry> entries = AiApiAutoConfiguration.poolEntries(properties);
		for (int i = 0; i < entries.size(); i++) {
			// the key as configured, like aiapi.api-key's; only its hash is kept, as the bucket's name
			String key = java.util.Objects.requireNonNull(properties.getApiKeys().get(i).getKey());
			limiters.put(entries.get(i).name(), limiter(properties, key, client, clock, beanFactory, null));
		}
		return new SharedRateLimiters(limiters, () -> {
			if (client != null) {
				client.shutdown();
			}
		});
	}

	private static @Nullable RedisClient redisUrlClient(AiApiProperties properties) {
		AiApiProperties.Shared shared = properties.getRateLimiter().getShared();
		if (shared.getRedisUrl() == null || shared.getRedisUrl().isBlank()) {
			return null;
		}
		RedisClient client = RedisClient.create(shared.getRedisUrl());
		// while Redis is away, commands fail at once instead of queueing, and the limiter, not Lettuce's
		// reconnection loop (a WARN line per attempt), opens a new connection once Redis answers again
		client.setOptions(ClientOptions.builder()
			.autoReconnect(false)
			.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
			.build());
		return client;
	}

	private RedisSharedRateLimiter limiter(AiApiProperties properties, String apiKey, @Nullable RedisClient client,
			ObjectProvider<Clock> clock, ListableBeanFactory beanFactory, @Nullable Runnable onClose) {
		AiApiProperties.RateLimiter limiter = properties.getRateLimiter();
		AiApiProperties.Shared shared = limiter.getShared();
		RedisSharedRateLimiter.Settings settings = new RedisSharedRateLimiter.Settings(limiter.getLimitForPeriod(),
				limiter.getLimitRefreshPeriod(), limiter.getTimeoutDuration(), shared.getCommandTimeout(),
				shared.getRecheckInterval(), shared.getKeyPrefix());
		Clock timing = AiApiAutoConfiguration.clock(clock);
		if (client != null) {
			return new RedisSharedRateLimiter(() -> client.connect(ByteArrayCodec.INSTANCE), apiKey, settings, timing,
					onClose);
		}
		if (ClassUtils.isPresent(SPRING_DATA_REDIS, getClass().getClassLoader())) {
			// looked up here, on the thread that starts the context; the limiter connects later, in the background
			RedisSharedRateLimiter onApplicationRedis = ApplicationRedis.limiter(beanFactory, apiKey, settings, timing);
			if (onApplicationRedis != null) {
				return onApplicationRedis;
			}
		}
		throw new AiApiConfigurationException("aiapi.rate-limiter.shared.enabled",
				"the shared rate limit needs Redis, and there is neither aiapi.rate-limiter.shared.redis-url nor "
						+ "a Lettuce connection of the application (spring-boot-starter-data-redis)",
				"Set aiapi.rate-limiter.shared.redis-url, or add spring-boot-starter-data-redis and configure "
						+ "spring.data.redis.*.");
	}

	// kept apart, so that the class loads only when Spring Data Redis is present
	private static final class ApplicationRedis {

		// A connection factory of the limiter's own, made from the application's: the same Redis (standalone,
		// sentinel or cluster), credentials, TLS and client resources, but no reconnection loop of Lettuce's (a WARN
		// per attempt while Redis is down) and commands refused while disconnected: the limiter reconnects itself.
		static @Nullable RedisSharedRateLimiter limiter(ListableBeanFactory beanFactory, String apiKey,
				RedisSharedRateLimiter.Settings settings, Clock clock) {
			LettuceConnectionFactory application = beanFactory.getBeanProvider(LettuceConnectionFactory.class)
				.getIfUnique();
			if (application == null) {
				return null;
			}
			LettuceConnectionFactory own = ownFactory(application);
			AtomicBoolean started = new AtomicBoolean();
			Supplier<StatefulConnection<byte[], byte[]>> connector = () -> {
				if (started.compareAndSet(false, true)) {
					own.afterPropertiesSet();
					own.start();
				}
				AbstractRedisClient client = own.getNativeClient();
				if (client instanceof RedisClusterClient cluster) {
					return cluster.connect(ByteArrayCodec.INSTANCE);
				}
				if (client instanceof RedisClient single) {
					return single.connect(ByteArrayCodec.INSTANCE);
				}
				throw new IllegalStateException("Unsupported Redis client: " + client);
			};
			return new RedisSharedRateLimiter(connector, apiKey, settings, clock, () -> {
				if (started.get()) {
					own.destroy();
				}
			});
		}

		private static LettuceConnectionFactory ownFactory(LettuceConnectionFactory application) {
			LettuceClientConfiguration from = application.getClientConfiguration();
			LettuceClientConfiguration.LettuceClientConfigurationBuilder builder = LettuceClientConfiguration.builder();
			if (from.isUseSsl()) {
				LettuceClientConfiguration.LettuceSslClientConfigurationBuilder ssl = builder.useSsl()
					.verifyPeer(from.getVerifyMode());
				if (from.isStartTls()) {
					ssl.startTls();
				}
				builder = ssl.and();
			}
			from.getClientResources().ifPresent(builder::clientResources);
			from.getClientName().ifPresent(builder::clientName);
			from.getReadFrom().ifPresent(builder::readFrom);
			from.getRedisCredentialsProviderFactory().ifPresent(builder::redisCredentialsProviderFactory);
			ClientOptions options = from.getClientOptions().orElseGet(() -> ClientOptions.builder().build());
			builder.clientOptions(quiet(options))
				.commandTimeout(from.getCommandTimeout())
				.shutdownTimeout(from.getShutdownTimeout())
				.shutdownQuietPeriod(from.getShutdownQuietPeriod());
			LettuceClientConfiguration client = builder.build();
			if (application.isClusterAware()) {
				return new LettuceConnectionFactory(application.getClusterConfiguration(), client);
			}
			if (application.isRedisSentinelAware()) {
				return new LettuceConnectionFactory(application.getSentinelConfiguration(), client);
			}
			return new LettuceConnectionFactory(application.getStandaloneConfiguration(), client);
		}

		private static ClientOptions quiet(ClientOptions options) {
			if (options instanceof ClusterClientOptions cluster) {
				return ClusterClientOptions.builder(cluster)
					.autoReconnect(false)
					.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
					.build();
			}
			return options.mutate()
				.autoReconnect(false)
				.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
				.build();
		}

	}

}
