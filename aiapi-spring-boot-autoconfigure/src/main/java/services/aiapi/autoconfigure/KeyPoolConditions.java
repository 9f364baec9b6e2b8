package services.aiapi.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Whether {@code aiapi.api-keys} configures a key pool.
 */
final class KeyPoolConditions {

	private KeyPoolConditions() {
	}

	static boolean isPool(ConditionContext context) {
		return Binder.get(context.getEnvironment())
			.bind("aiapi.api-keys", Bindable.listOf(AiApiProperties.PooledKey.class))
			.map((keys) -> !keys.isEmpty())
			.orElse(false);
	}

	/** Matches when {@code aiapi.api-keys} names at least one key. */
	static final class OnKeyPool extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return isPool(context) ? ConditionOutcome.match("aiapi.api-keys configures a key pool")
					: ConditionOutcome.noMatch("aiapi.api-keys is not set");
		}

	}

	/** Matches when {@code aiapi.api-keys} is not set: the one key of {@code aiapi.api-key}. */
	static final class OnSingleKey extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return isPool(context) ? ConditionOutcome.noMatch("aiapi.api-keys configures a key pool")
					: ConditionOutcome.match("one key, aiapi.api-key");
		}

	}

}
