package services.aiapi.autoconfigure;

import java.util.Collection;

import org.jspecify.annotations.Nullable;

/**
 * The closest of some names to one a user wrote, for "did you mean" hints: by edit distance, within a quarter of
 * the name's length (at least 3).
 */
final class Closest {

	private Closest() {
	}

	static @Nullable String to(String name, Collection<String> candidates) {
		String closest = null;
		int best = Integer.MAX_VALUE;
		for (String candidate : candidates) {
			int distance = distance(name, candidate);
			if (distance < best) {
				best = distance;
				closest = candidate;
			}
		}
		return (closest != null && best <= Math.max(3, name.length() / 4)) ? closest : null;
	}

	// Levenshtein distance, two rows
	private static int distance(String a, String b) {
		int[] previous = new int[b.length() + 1];
		int[] current = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++) {
			previous[j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			current[0] = i;
			for (int j = 1; j <= b.length(); j++) {
				int cost = (a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1;
				current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
			}
			int[] swap = previous;
			previous = current;
			current = swap;
		}
		return previous[b.length()];
	}

}
