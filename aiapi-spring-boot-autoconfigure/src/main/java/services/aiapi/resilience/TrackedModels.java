package services.aiapi.resilience;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * A bounded set of model names: each distinct name costs a circuit breaker and a set of meters, and the names come
 * from callers, so only the first {@code max} names are tracked by name; every later one shares
 * {@value #OTHER}. A name that could not be a model (control characters, over 256 characters) is never tracked.
 */
final class TrackedModels {

	static final String OTHER = "other";

	private static final int MAX_NAME_LENGTH = 256;

	private final Set<String> names = ConcurrentHashMap.newKeySet();

	private final int max;

	TrackedModels(int max) {
		this.max = Math.max(0, max);
	}

	String key(String model) {
		if (this.names.contains(model)) {
			return model;
		}
		if (!isPlausible(model)) {
			return OTHER;
		}
		synchronized (this.names) {
			if (this.names.size() >= this.max) {
				return this.names.contains(model) ? model : OTHER;
			}
			this.names.add(model);
			return model;
		}
	}

	int size() {
		return this.names.size();
	}

	private static boolean isPlausible(@Nullable String model) {
		if (model == null || model.isBlank() || model.length() > MAX_NAME_LENGTH) {
			return false;
		}
		for (int i = 0; i < model.length(); i++) {
			if (Character.isISOControl(model.charAt(i))) {
				return false;
			}
		}
		return true;
	}

}
