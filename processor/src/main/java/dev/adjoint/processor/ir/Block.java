package dev.adjoint.processor.ir;

import java.util.ArrayList;
import java.util.List;

/** A sequence of statements; also a statement itself (a nested block). */
public record Block(List<Stmt> statements) implements Stmt {
  public static final Block EMPTY = new Block(List.of());

  public Block {
    statements = List.copyOf(statements);
  }

  public static Block of(Stmt... statements) {
    return new Block(List.of(statements));
  }

  public boolean isEmpty() {
    return statements.isEmpty();
  }

  @Override
  public Pos pos() {
    return Pos.NONE;
  }

  /** Statements with nested blocks spliced in (declarations are unique per function, so scoping is not lost). */
  public Block flattened() {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : statements) {
      if (s instanceof Block b) {
        out.addAll(b.flattened().statements());
      } else {
        out.add(s);
      }
    }
    return new Block(out);
  }
}
