package services.aiapi.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * A model the gateway offers.
 *
 * @param id the model id to put in requests
 * @param object always {@code model} (older gateways omit it)
 * @param created creation time, epoch seconds
 * @param ownedBy the provider
 * @param supportedEndpointTypes the endpoint types the gateway routes this model to
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Model(String id, @Nullable String object, @Nullable Long created,
		@JsonProperty("owned_by") @Nullable String ownedBy,
		@JsonProperty("supported_endpoint_types") @Nullable List<String> supportedEndpointTypes) {

}
