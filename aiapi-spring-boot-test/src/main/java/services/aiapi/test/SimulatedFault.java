package services.aiapi.test;

import java.time.Duration;

/**
 * A failure queued for the next calls: an error status with a code, a reset connection, added latency, or a
 * stream cut after some chunks.
 *
 * @param kind what happens
 * @param status the HTTP status, for {@link Kind#STATUS}
 * @param code the error code, for {@link Kind#STATUS}
 * @param delay the latency, for {@link Kind#DELAY}
 * @param chunks the content chunks sent, for {@link Kind#CUT_STREAM}
 */
record SimulatedFault(Kind kind, int status, String code, Duration delay, int chunks,
		@org.jspecify.annotations.Nullable ScriptedResponse scripted) {

	SimulatedFault(Kind kind, int status, String code, Duration delay, int chunks) {
		this(kind, status, code, delay, chunks, null);
	}

	enum Kind {

		STATUS, RESET, DELAY, CUT_STREAM, SCRIPTED

	}

}
