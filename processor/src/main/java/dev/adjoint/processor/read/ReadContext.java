package dev.adjoint.processor.read;

import com.sun.source.tree.Tree;
import dev.adjoint.processor.ir.Pos;
import java.util.Set;

/** What the statement and expression readers of one method share. */
final class ReadContext {
  final PositionTable positions;
  final Scope scope = new Scope();
  final TypeMapper typeMapper;
  final NameResolver names;
  final CallResolver calls;
  final TypeTreeReader typeTrees;
  /** Names of the method's parameters (their arrays must not be written). */
  final Set<String> parameterNames;

  ReadContext(
      PositionTable positions,
      TypeMapper typeMapper,
      NameResolver names,
      CallResolver calls,
      Set<String> parameterNames) {
    this.positions = positions;
    this.typeMapper = typeMapper;
    this.names = names;
    this.calls = calls;
    this.typeTrees = new TypeTreeReader(typeMapper, names);
    this.parameterNames = parameterNames;
  }

  Pos pos(Tree tree) {
    return positions.of(tree);
  }
}
