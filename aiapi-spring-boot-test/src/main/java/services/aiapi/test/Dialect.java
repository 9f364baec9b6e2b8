package services.aiapi.test;

/**
 * Which gateway the simulator imitates.
 */
public enum Dialect {

	/**
	 * What the gateway's "Error Handling" page promises: {@code {code, message, data}} bodies, 404 for unknown
	 * models and tasks, 429 with {@code data.retry_after} and {@code X-RateLimit-*} / {@code Retry-After} headers.
	 */
	DOCUMENTED,

	/**
	 * What the gateway software (new-api) really sends: OpenAI-style error bodies with the request id in the
	 * message, 503 for unknown models, 400 {@code task_not_exist}, 429 with an empty body and no headers, JSON
	 * errors labelled {@code text/event-stream}, and cut streams that still end in {@code [DONE]}.
	 */
	NEW_API

}
