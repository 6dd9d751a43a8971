package dev.adjoint.processor.transform;

import dev.adjoint.processor.ir.Type;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The adjoint types of a generated class. Scalars, arrays and tensors are their own adjoints; a
 * record (a parameter tree) gets a generated mutable class with one accumulator per component,
 * nested records and lists mirrored; a list of records gets a list of those, and a list of
 * tensors or numbers an array. One registry per generated class, so each record's adjoint class
 * is written once however many methods use it.
 */
public final class RecordAdjoints {
  private final String gradClass;
  private final Map<String, Type.Reference> records = new LinkedHashMap<>();
  private final Map<String, String> classNames = new LinkedHashMap<>();
  private final Set<String> simpleNamesTaken = new HashSet<>();

  public RecordAdjoints(String gradClass) {
    this.gradClass = gradClass;
  }

  /** The records whose adjoint classes the generated class must declare, in the order first met. */
  public Collection<Type.Reference> records() {
    return records.values();
  }

  /** The simple name of a record's adjoint class: {@code ParamsAdjoint}. */
  public String adjointClassName(Type.Reference record) {
    return classNames.get(record.name());
  }

  /** The adjoint type of {@code t}, or null if values of {@code t} carry no derivative. */
  public Type adjointType(Type t) {
    if (t.isFloating() || t.isTensor() || t instanceof Type.Array) {
      return t;
    }
    if (t instanceof Type.Reference r && r.isRecord()) {
      return Type.Reference.of(gradClass + "." + register(r));
    }
    if (t.isList() && t instanceof Type.Reference list && list.arguments().size() == 1) {
      Type element = list.arguments().get(0);
      if (element instanceof Type.Reference r && r.isRecord()) {
        return new Type.Reference(Type.LIST, List.of(adjointType(element)), List.of());
      }
      if (element.isTensor() || element.isFloating()) {
        return Type.arrayOf(element);
      }
    }
    return null;
  }

  private String register(Type.Reference record) {
    String existing = classNames.get(record.name());
    if (existing != null) {
      return existing;
    }
    String base = record.simpleName() + "Adjoint";
    String name = base;
    for (int i = 2; !simpleNamesTaken.add(name); i++) {
      name = base + i;
    }
    classNames.put(record.name(), name);
    records.put(record.name(), record);
    for (Type.Component c : record.components()) {
      adjointType(c.type());
    }
    return name;
  }
}
