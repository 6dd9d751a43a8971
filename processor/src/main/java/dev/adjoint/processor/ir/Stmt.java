package dev.adjoint.processor.ir;

import java.util.List;

/** Statements of the subset, and the few that only generated code contains. */
public sealed interface Stmt
    permits Block,
        Stmt.Declare,
        Stmt.Assign,
        Stmt.ArrayWrite,
        Stmt.If,
        Stmt.Loop,
        Stmt.Break,
        Stmt.Continue,
        Stmt.Return,
        Stmt.Push,
        Stmt.Evaluate,
        Stmt.Comment,
        Stmt.Accumulate {

  Pos pos();

  /** A local declaration; {@code init} may be null (declared, assigned later). */
  record Declare(Var var, Expr init, Pos pos) implements Stmt {}

  record Assign(Var target, Expr value, Pos pos) implements Stmt {}

  /** {@code array[index] = value}; for {@code m[i][j] = v} the array is {@code m[i]}. */
  record ArrayWrite(Expr array, Expr index, Expr value, Pos pos) implements Stmt {}

  record If(Expr condition, Block thenBlock, Block elseBlock, Pos pos) implements Stmt {}

  /**
   * {@code for}, {@code while} and {@code do}/{@code while} loops. {@code init} runs once;
   * {@code condition} is tested before each iteration (after it, for DO_WHILE); {@code update}
   * runs after each complete iteration. {@code label} is null for an unlabeled loop.
   */
  record Loop(
      String label, LoopKind kind, Block init, Expr condition, Block update, Block body, Pos pos)
      implements Stmt {}

  enum LoopKind {
    FOR,
    WHILE,
    DO_WHILE
  }

  record Break(String label, Pos pos) implements Stmt {}

  record Continue(String label, Pos pos) implements Stmt {}

  /** {@code return value;} ({@code value} is null in a void method, which generated code may have). */
  record Return(Expr value, Pos pos) implements Stmt {}

  /** Pushes a value on the tape. Generated code only. */
  record Push(Expr value, Pos pos) implements Stmt {}

  /** An expression evaluated for its effect: a call, or a {@link Expr.Pop} whose value is dropped. */
  record Evaluate(Expr expr, Pos pos) implements Stmt {}

  /** A comment line in generated code. */
  record Comment(String text) implements Stmt {
    @Override
    public Pos pos() {
      return Pos.NONE;
    }
  }

  /** Adds {@code value} into the accumulator {@code target}; the emitter picks the form by type. */
  record Accumulate(Expr target, Expr value, Pos pos) implements Stmt {}

  static Block block(List<Stmt> statements) {
    return new Block(statements);
  }
}
