package services.aiapi.error;


import org.jspecify.annotations.Nullable;


/**
 * The TLS handshake with the gateway failed: its certificate is not trusted (a private CA, an expired or
 * self-signed certificate, a host name it does not name), or the two sides share no protocol or cipher. Never
 * retried: a certificate that is not trusted now will not be on the next attempt. The message names the
 * properties that bring trust material in: {@code aiapi.ssl.bundle} or {@code spring.http.clients.ssl.bundle}.
 */
public class TlsHandshakeException extends AiApiRequestException {

	/**
	 * Create an exception.
	 * @param reason what the TLS stack said
	 * @param attempt the request whose handshake failed, and which attempt of its call it was
	 * @param cause the failure
	 */
	public TlsHandshakeException(String reason, CallAttempt attempt, @Nullable Throwable cause) {
		super("TLS handshake with the gateway failed: " + reason + ". If the gateway's certificate comes from a "
				+ "private CA, put that CA in an SSL bundle (spring.ssl.bundle.pem.<name>.truststore.certificate) and "
				+ "name it in aiapi.ssl.bundle (or spring.http.clients.ssl.bundle); check that aiapi.base-url names "
				+ "the host the certificate is for", attempt, cause);
	}

	@Override
	public boolean isRetryable() {
		return false;
	}

}
