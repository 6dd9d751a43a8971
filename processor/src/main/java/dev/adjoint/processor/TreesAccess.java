package dev.adjoint.processor;

import com.sun.source.util.Trees;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.IdentityHashMap;
import java.util.Map;
import javax.annotation.processing.ProcessingEnvironment;

/**
 * Gets javac's Tree API for a processing environment. Build tools may hand the processor a
 * wrapper around javac's environment (IntelliJ IDEA a dynamic proxy, Gradle a delegating class),
 * on which {@code Trees.instance} fails; the wrapped environment is found and used instead, as
 * other tree-reading processors do. Reflection runs once per compilation, never in generated code.
 */
final class TreesAccess {
  private TreesAccess() {}

  /** The Tree API, or null when this compiler has none. */
  static Trees trees(ProcessingEnvironment env) {
    ProcessingEnvironment candidate = env;
    Map<Object, Boolean> seen = new IdentityHashMap<>();
    while (candidate != null && seen.put(candidate, Boolean.TRUE) == null) {
      try {
        return Trees.instance(candidate);
      } catch (IllegalArgumentException | LinkageError e) {
        candidate = unwrap(candidate);
      }
    }
    return null;
  }

  /** The environment a wrapper delegates to, or null. */
  static ProcessingEnvironment unwrap(ProcessingEnvironment wrapper) {
    Object holder = wrapper;
    if (Proxy.isProxyClass(wrapper.getClass())) {
      InvocationHandler handler = Proxy.getInvocationHandler(wrapper);
      holder = handler;
    }
    for (Class<?> c = holder.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        if (ProcessingEnvironment.class.isAssignableFrom(f.getType()) || f.getType() == Object.class) {
          try {
            f.setAccessible(true);
            Object value = f.get(holder);
            if (value instanceof ProcessingEnvironment env && value != wrapper) {
              return env;
            }
          } catch (ReflectiveOperationException | RuntimeException e) {
            // not accessible: try the next field
          }
        }
      }
    }
    return null;
  }
}
