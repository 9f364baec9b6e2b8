/**
 * A client-side rate limit shared through Redis by every instance that uses one gateway key.
 */
@NullMarked
package services.aiapi.resilience.redis;

import org.jspecify.annotations.NullMarked;
