package services.aiapi.error;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * The request broke one of the gateway's documented parameter rules and was refused before it was sent: it
 * never left the process, so nothing was charged. The same base type as the gateway's own 400, so one
 * {@code catch (BadRequestException ex)} covers both.
 */
public class RequestValidationException extends BadRequestException {

	static final String HINT = "Rejected client-side: the request was not sent";

	/**
	 * Create a new instance.
	 * @param param the offending request parameter, such as {@code temperature}
	 * @param message what is wrong with it
	 */
	public RequestValidationException(String param, String message) {
		super(HttpStatus.BAD_REQUEST, HttpHeaders.EMPTY,
				new GatewayError("invalid_request_error", message, "invalid_request_error", param, null, "", false),
				null, HINT);
	}

	/**
	 * Whether the request was refused in this process, before anything was sent. Always {@code true}.
	 * @return {@code true}
	 */
	public boolean isClientSide() {
		return true;
	}

}
