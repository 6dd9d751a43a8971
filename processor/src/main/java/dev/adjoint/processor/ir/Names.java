package dev.adjoint.processor.ir;

import java.util.HashSet;
import java.util.Set;

/** Hands out variable names that clash with no name in a function, nor with each other. */
public final class Names {
  private final Set<String> taken = new HashSet<>();

  public Names() {}

  /** Reserves every variable name that {@code f} uses. */
  public static Names of(Function f) {
    Names names = new Names();
    for (Var p : f.parameters()) {
      names.reserve(p.name());
    }
    IrWalk.stmt(f.body(), s -> {
      if (s instanceof Stmt.Declare d) {
        names.reserve(d.var().name());
      } else if (s instanceof Stmt.Assign a) {
        names.reserve(a.target().name());
      }
    }, e -> {
      if (e instanceof Expr.Local l) {
        names.reserve(l.var().name());
      }
    });
    return names;
  }

  public void reserve(String name) {
    taken.add(name);
  }

  /** {@code base} if free, else {@code base2}, {@code base3}, ... */
  public String fresh(String base) {
    if (taken.add(base)) {
      return base;
    }
    for (int i = 2; ; i++) {
      String candidate = base + i;
      if (taken.add(candidate)) {
        return candidate;
      }
    }
  }

  public Var fresh(String base, Type type) {
    return new Var(fresh(base), type);
  }
}
