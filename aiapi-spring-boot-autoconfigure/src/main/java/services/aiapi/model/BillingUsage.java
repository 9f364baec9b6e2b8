package services.aiapi.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * What the key has spent, from {@code GET /v1/dashboard/billing/usage}. As in OpenAI's route, {@code total_usage}
 * is the amount × 100 (cents when the display unit is the dollar).
 *
 * @param object always {@code list}
 * @param totalUsage the amount spent × 100
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BillingUsage(@Nullable String object, @JsonProperty("total_usage") @Nullable Double totalUsage) {

	/**
	 * Return the amount spent, in the display unit.
	 * @return {@code total_usage / 100}, 0 when the gateway reported none
	 */
	public double totalUsageUsd() {
		return (this.totalUsage != null) ? this.totalUsage / 100 : 0;
	}

	/**
	 * Return what the key may still spend under a subscription's hard limit.
	 * @param subscription the key's limits
	 * @return the remaining amount (never below 0), or {@code null} for an unlimited key or an unknown limit
	 */
	public @Nullable Double remainingUsd(BillingSubscription subscription) {
		if (subscription.isUnlimited() || subscription.hardLimitUsd() == null) {
			return null;
		}
		return Math.max(0, subscription.hardLimitUsd() - totalUsageUsd());
	}

}
