package dev.adjoint.processor.read;

import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Var;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Local variables in scope while reading a method, and the names they get in the IR. Java lets
 * sibling blocks reuse a name; the IR keeps one variable per name and type, so that later stages
 * may hoist declarations to the top of a generated method without clashes.
 */
final class Scope {
  private final Deque<Map<String, Var>> frames = new ArrayDeque<>();
  private final Map<String, Type> irNames = new HashMap<>();

  Scope() {
    frames.push(new HashMap<>());
  }

  void enter() {
    frames.push(new HashMap<>());
  }

  void exit() {
    frames.pop();
  }

  /** Declares a source variable; returns its IR variable. */
  Var declare(String sourceName, Type type) {
    Var v = new Var(irName(sourceName, type), type);
    frames.peek().put(sourceName, v);
    return v;
  }

  /** A fresh temporary for a value the reader must hold: {@code hint}, or {@code hint2}, ... if taken. */
  Var temporary(String hint, Type type) {
    String name = hint;
    for (int i = 2; irNames.containsKey(name) || isInScope(name); i++) {
      name = hint + i;
    }
    irNames.put(name, type);
    return new Var(name, type);
  }

  private boolean isInScope(String sourceName) {
    return lookup(sourceName) != null;
  }

  Var lookup(String sourceName) {
    for (Map<String, Var> frame : frames) {
      Var v = frame.get(sourceName);
      if (v != null) {
        return v;
      }
    }
    return null;
  }

  private String irName(String base, Type type) {
    Type existing = irNames.get(base);
    if (existing == null || existing.equals(type)) {
      irNames.put(base, type);
      return base;
    }
    for (int i = 2; ; i++) {
      String candidate = base + i;
      Type t = irNames.get(candidate);
      if (t == null || t.equals(type)) {
        irNames.put(candidate, type);
        return candidate;
      }
    }
  }
}
