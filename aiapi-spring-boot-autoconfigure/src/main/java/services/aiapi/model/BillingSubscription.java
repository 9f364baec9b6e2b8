package services.aiapi.model;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * The key's limits, from {@code GET /v1/dashboard/billing/subscription} (OpenAI's billing route, which the gateway
 * serves for an API key). Amounts are in the site's display unit (US dollars by default).
 *
 * @param object always {@code billing_subscription}
 * @param hasPaymentMethod whether the account has a payment method
 * @param softLimitUsd the soft limit
 * @param hardLimitUsd the hard limit: what the key may spend in all, used and remaining together
 * @param systemHardLimitUsd the system's hard limit
 * @param accessUntil when the key expires, epoch seconds; 0 or absent for never
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BillingSubscription(@Nullable String object,
		@JsonProperty("has_payment_method") @Nullable Boolean hasPaymentMethod,
		@JsonProperty("soft_limit_usd") @Nullable Double softLimitUsd,
		@JsonProperty("hard_limit_usd") @Nullable Double hardLimitUsd,
		@JsonProperty("system_hard_limit_usd") @Nullable Double systemHardLimitUsd,
		@JsonProperty("access_until") @Nullable Long accessUntil) {

	/**
	 * The hard limit the gateway reports for a key without a limit.
	 */
	public static final double UNLIMITED_USD = 100_000_000;

	/**
	 * Whether the key has no spending limit (the gateway reports {@value #UNLIMITED_USD} for it).
	 * @return {@code true} for an unlimited key
	 */
	public boolean isUnlimited() {
		return this.hardLimitUsd != null && this.hardLimitUsd >= UNLIMITED_USD;
	}

	/**
	 * Return when the key expires.
	 * @return the instant, or {@code null} when it never does
	 */
	public @Nullable Instant expiresAt() {
		return (this.accessUntil != null && this.accessUntil > 0) ? Instant.ofEpochSecond(this.accessUntil) : null;
	}

}
