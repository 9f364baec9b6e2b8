package services.aiapi.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;

/**
 * The {@code GET /v1/models} response.
 *
 * @param object always {@code list} (older gateways omit it)
 * @param data the models
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelList(@Nullable String object, @Nullable List<Model> data) {

	/**
	 * Return the models, never {@code null}.
	 * @return the models
	 */
	public List<Model> models() {
		return (this.data != null) ? this.data : List.of();
	}

}
