package services.aiapi.autoconfigure;

/**
 * A property of the {@code aiapi} group has a value the starter cannot work with. Reported at startup by
 * {@link AiApiConfigurationFailureAnalyzer}. Its message never contains the API key.
 */
public class AiApiConfigurationException extends RuntimeException {

	private final String property;

	private final String action;

	/**
	 * Create a new instance.
	 * @param property the property, such as {@code aiapi.api-key}
	 * @param problem what is wrong with its value
	 * @param action what to do about it
	 */
	public AiApiConfigurationException(String property, String problem, String action) {
		super("Invalid " + property + ": " + problem);
		this.property = property;
		this.action = action;
	}

	/**
	 * Return the property at fault.
	 * @return the property name
	 */
	public String getProperty() {
		return this.property;
	}

	/**
	 * Return what the user should do.
	 * @return the action
	 */
	public String getAction() {
		return this.action;
	}

}
