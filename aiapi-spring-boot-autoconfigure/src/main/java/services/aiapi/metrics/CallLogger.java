package services.aiapi.metrics;

import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import services.aiapi.error.AiApiException;
import services.aiapi.error.AiApiResponseException;
import services.aiapi.model.Usage;

/**
 * One log event per logical call, after the gateway docs' "Monitoring and Logging" recipe: success at DEBUG,
 * failure at WARN. Never the prompt text, never the key: only lengths, codes and ids.
 */
public class CallLogger implements AiApiCallListener {

	private static final Log logger = LogFactory.getLog("services.aiapi.calls");

	@Override
	public void onSuccess(CallInfo call, Duration duration, @Nullable Usage usage) {
		if (logger.isDebugEnabled()) {
			logger.debug("aiapi call succeeded: operation=" + call.operation().tagValue() + " model=" + call.model() + " status=200"
					+ " duration_ms=" + duration.toMillis() + " tokens=" + total(usage) + " prompt_length="
					+ call.promptLength());
		}
	}

	@Override
	public void onError(CallInfo call, Duration duration, Throwable error) {
		if (logger.isWarnEnabled()) {
			StringBuilder line = new StringBuilder("aiapi call failed: operation=").append(call.operation().tagValue())
				.append(" model=")
				.append(call.model())
				.append(" error=")
				.append(error.getClass().getSimpleName());
			if (error instanceof AiApiResponseException response) {
				line.append(" status=").append(response.getStatusCode().value());
				line.append(" code=").append(response.getErrorCode());
				line.append(" request_id=").append(response.getRequestId());
			}
			if (error instanceof AiApiException exception) {
				line.append(" attempts=").append(exception.getAttempts());
			}
			line.append(" duration_ms=").append(duration.toMillis());
			line.append(" prompt_length=").append(call.promptLength());
			logger.warn(line);
		}
	}

	private static @Nullable Integer total(@Nullable Usage usage) {
		return (usage != null) ? usage.totalTokens() : null;
	}

}
