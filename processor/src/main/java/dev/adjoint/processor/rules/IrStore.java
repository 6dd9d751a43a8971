package dev.adjoint.processor.rules;

import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.IrPrinter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.annotation.processing.Filer;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * Keeps the IR of a class's rules and differentiable methods in a resource beside its class file
 * ({@code Foo.adjoint-ir}, one line per method: key, tab, IR text). Another compilation that
 * differentiates through those methods again (higher derivatives) reads their bodies from there,
 * since javac offers no source for classes on the class path.
 */
public final class IrStore {
  static final String SUFFIX = ".adjoint-ir";

  private IrStore() {}

  public static void write(Filer filer, Elements elements, TypeElement owner, Map<String, Function> bodies)
      throws IOException {
    FileObject file = filer.createResource(
        StandardLocation.CLASS_OUTPUT, packageOf(elements, owner), resourceName(elements, owner), owner);
    try (Writer w = file.openWriter()) {
      for (Map.Entry<String, Function> e : bodies.entrySet()) {
        w.write(e.getKey());
        w.write('\t');
        w.write(IrPrinter.print(e.getValue()));
        w.write('\n');
      }
    }
  }

  /** Key to IR text for a class on the class path; empty where it has no stored IR. */
  public static Map<String, String> read(Filer filer, Elements elements, TypeElement owner) {
    Map<String, String> out = new LinkedHashMap<>();
    try {
      FileObject file = filer.getResource(StandardLocation.CLASS_PATH, packageOf(elements, owner), resourceName(elements, owner));
      try (Reader r = file.openReader(true); BufferedReader lines = new BufferedReader(r)) {
        String line;
        while ((line = lines.readLine()) != null) {
          int tab = line.indexOf('\t');
          if (tab > 0) {
            out.put(line.substring(0, tab), line.substring(tab + 1));
          }
        }
      }
    } catch (IOException | IllegalArgumentException | UnsupportedOperationException e) {
      // no stored IR: the class was not compiled by Adjoint's processor
    }
    return out;
  }

  private static String packageOf(Elements elements, Element owner) {
    return elements.getPackageOf(owner).getQualifiedName().toString();
  }

  private static String resourceName(Elements elements, TypeElement owner) {
    String binary = elements.getBinaryName(owner).toString();
    return binary.substring(binary.lastIndexOf('.') + 1) + SUFFIX;
  }
}
