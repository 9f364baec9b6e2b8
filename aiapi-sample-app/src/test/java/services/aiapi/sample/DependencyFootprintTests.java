package services.aiapi.sample;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What adding the starter puts on an application's class path, seen from this application.
 */
class DependencyFootprintTests {

	@Test
	void theStarterBringsNoHttp3Natives() {
		// netty-codec-native-quic ships a native library for each of five platforms (~12 MB); the starter does not
		// speak HTTP/3, so reactor-netty-http's dependency on them is excluded
		assertThat(getClass().getClassLoader()
			.getResource("META-INF/native-image/io.netty/netty-codec-native-quic/jni-config.json")).isNull();
	}

}
