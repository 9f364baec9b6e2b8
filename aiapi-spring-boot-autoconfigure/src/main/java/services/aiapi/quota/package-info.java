/**
 * The key's balance: a cached view of the gateway's billing routes, refreshed on a schedule and marked exhausted
 * the moment a call fails for quota.
 */
@NullMarked
package services.aiapi.quota;

import org.jspecify.annotations.NullMarked;
