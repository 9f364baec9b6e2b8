package services.aiapi.sample;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The BOM names every published module at the build's version, and the optional Redis piece at the version the
 * shared rate limit is built against: an application that imports it gets pieces that belong together.
 */
class BomTests {

	private static Document read(Path pom) throws Exception {
		return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
	}

	// the text of a path of direct children from the project element
	private static String text(Document document, String path) {
		Element element = document.getDocumentElement();
		for (String name : path.split("/")) {
			Element child = null;
			for (org.w3c.dom.Node node = element.getFirstChild(); node != null; node = node.getNextSibling()) {
				if (node instanceof Element candidate && candidate.getTagName().equals(name)) {
					child = candidate;
					break;
				}
			}
			assertThat(child).as(path).isNotNull();
			element = child;
		}
		return element.getTextContent().strip();
	}

	private static List<String> managed(Document document) {
		NodeList dependencies = ((Element) document.getElementsByTagName("dependencyManagement").item(0))
			.getElementsByTagName("dependency");
		List<String> coordinates = new ArrayList<>();
		for (int i = 0; i < dependencies.getLength(); i++) {
			Element dependency = (Element) dependencies.item(i);
			coordinates.add(dependency.getElementsByTagName("groupId").item(0).getTextContent() + ":"
					+ dependency.getElementsByTagName("artifactId").item(0).getTextContent() + ":"
					+ dependency.getElementsByTagName("version").item(0).getTextContent());
		}
		return coordinates;
	}

	@Test
	void theBomManagesEveryPublishedModuleAtTheBuildsVersion() throws Exception {
		Path root = Path.of("..").toAbsolutePath().normalize();
		Document build = read(root.resolve("pom.xml"));
		Document bom = read(root.resolve("aiapi-bom/pom.xml"));
		assertThat(text(bom, "version")).isEqualTo(text(build, "version"));
		assertThat(bom.getElementsByTagName("parent").getLength()).as("a BOM with no parent").isZero();
		List<String> published = new ArrayList<>();
		for (String module : List.of("aiapi-spring-boot-autoconfigure", "aiapi-spring-boot-starter",
				"aiapi-spring-boot-test", "aiapi-spring-ai")) {
			assertThat(Files.exists(root.resolve(module).resolve("pom.xml"))).isTrue();
			published.add("services.aiapi:" + module + ":${project.version}");
		}
		assertThat(managed(bom)).containsAll(published)
			.contains("com.bucket4j:bucket4j_jdk17-lettuce:${bucket4j.version}");
		assertThat(text(bom, "properties/bucket4j.version")).isEqualTo(text(build, "properties/bucket4j.version"));
	}

}
