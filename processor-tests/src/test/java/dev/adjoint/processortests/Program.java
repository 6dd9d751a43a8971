package dev.adjoint.processortests;

import static org.junit.jupiter.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.adjoint.processor.DifferentiableProcessor;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/**
 * Source code compiled through Adjoint's processor with compile-testing, its classes loaded, so
 * that tests can call both the user's methods and the generated derivatives.
 */
final class Program {
  private final Compilation compilation;
  private final ClassLoader loader;

  private Program(Compilation compilation) {
    this(compilation, Program.class.getClassLoader());
  }

  private Program(Compilation compilation, ClassLoader parent) {
    this.compilation = compilation;
    this.loader = new GeneratedClassLoader(compilation, parent);
  }

  /** A successful compilation whose classes load over {@code parent} (a library's, say). */
  static Program of(Compilation compilation, ClassLoader parent) {
    return new Program(compilation, parent);
  }

  static Compilation compilation(String className, String source) {
    return Compiler.javac()
        .withProcessors(new DifferentiableProcessor())
        .withOptions("-Xlint:-options")
        .compile(JavaFileObjects.forSourceString(className, source));
  }

  /** Compiles and fails the test, with javac's messages, if compiling fails. */
  static Program compile(String className, String source) {
    Compilation c = compilation(className, source);
    if (c.status() != Compilation.Status.SUCCESS) {
      StringBuilder b = new StringBuilder("compilation failed:\n");
      for (Diagnostic<? extends JavaFileObject> d : c.diagnostics()) {
        b.append(d.getKind()).append(" line ").append(d.getLineNumber()).append(": ")
            .append(d.getMessage(null)).append('\n');
      }
      fail(b.toString());
    }
    return new Program(c);
  }

  Compilation compilation() {
    return compilation;
  }

  String generatedSource(String qualifiedName) {
    try {
      return compilation.generatedSourceFile(qualifiedName)
          .orElseThrow(() -> new AssertionError("no generated source " + qualifiedName))
          .getCharContent(true)
          .toString();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  Class<?> load(String qualifiedName) {
    try {
      return Class.forName(qualifiedName, true, loader);
    } catch (ClassNotFoundException e) {
      throw new AssertionError("no class " + qualifiedName, e);
    }
  }

  /** Calls a static method by name (the only one of that name and arity). */
  Object call(String className, String method, Object... args) {
    Class<?> c = load(className);
    for (Method m : c.getDeclaredMethods()) {
      if (m.getName().equals(method) && m.getParameterCount() == args.length) {
        try {
          m.setAccessible(true);
          return m.invoke(null, args);
        } catch (InvocationTargetException e) {
          if (e.getCause() instanceof RuntimeException r) {
            throw r;
          }
          throw new AssertionError(e.getCause());
        } catch (IllegalAccessException e) {
          throw new AssertionError(e);
        }
      }
    }
    throw new AssertionError("no method " + className + "." + method + " with " + args.length + " parameters");
  }

  /** Loads classes from the compilation's in-memory class files, before asking the parent. */
  private static final class GeneratedClassLoader extends ClassLoader {
    private final Map<String, JavaFileObject> classes = new HashMap<>();

    GeneratedClassLoader(Compilation c, ClassLoader parent) {
      super(parent);
      List<JavaFileObject> files = new ArrayList<>(c.generatedFiles());
      for (JavaFileObject f : files) {
        if (f.getKind() == JavaFileObject.Kind.CLASS) {
          String path = f.toUri().getPath();
          int start = path.indexOf("/CLASS_OUTPUT/");
          String name = (start >= 0 ? path.substring(start + "/CLASS_OUTPUT/".length()) : path)
              .replaceAll("\\.class$", "").replace('/', '.');
          classes.put(name, f);
        }
      }
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      synchronized (getClassLoadingLock(name)) {
        Class<?> c = findLoadedClass(name);
        if (c == null && classes.containsKey(name)) {
          c = findClass(name);
        }
        if (c == null) {
          return super.loadClass(name, resolve);
        }
        if (resolve) {
          resolveClass(c);
        }
        return c;
      }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      JavaFileObject f = classes.get(name);
      if (f == null) {
        throw new ClassNotFoundException(name);
      }
      try (InputStream in = f.openInputStream()) {
        byte[] bytes = in.readAllBytes();
        return defineClass(name, bytes, 0, bytes.length);
      } catch (IOException e) {
        throw new ClassNotFoundException(name, e);
      }
    }
  }
}
