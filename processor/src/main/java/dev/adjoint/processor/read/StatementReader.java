package dev.adjoint.processor.read;

import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.BreakTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ContinueTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.LabeledStatementTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.tree.WhileLoopTree;
import dev.adjoint.processor.ir.Block;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Operator;
import dev.adjoint.processor.ir.Pos;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Var;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads Java statements into IR. Errors are collected per statement, so one method reports every
 * unsupported construct it has, each at its own place.
 */
final class StatementReader {
  private final ReadContext ctx;
  private final ExpressionReader expressions;
  private final List<ReadException> errors;

  StatementReader(ReadContext ctx, List<ReadException> errors) {
    this.ctx = ctx;
    this.expressions = new ExpressionReader(ctx);
    this.errors = errors;
  }

  Block block(BlockTree tree) {
    ctx.scope.enter();
    try {
      List<Stmt> out = new ArrayList<>();
      for (StatementTree s : tree.getStatements()) {
        statementCollectingErrors(s, out);
      }
      return new Block(out);
    } finally {
      ctx.scope.exit();
    }
  }

  private void statementCollectingErrors(StatementTree s, List<Stmt> out) {
    try {
      statement(s, out, null);
    } catch (ReadException e) {
      errors.add(e);
    }
  }

  /** A statement in a scope of its own (the body of an if or loop written without braces). */
  private Block nested(StatementTree tree) {
    if (tree instanceof BlockTree b) {
      return block(b);
    }
    ctx.scope.enter();
    try {
      List<Stmt> out = new ArrayList<>();
      statementCollectingErrors(tree, out);
      return new Block(out);
    } finally {
      ctx.scope.exit();
    }
  }

  private void statement(StatementTree tree, List<Stmt> out, String label) {
    switch (tree.getKind()) {
      case BLOCK -> out.add(block((BlockTree) tree));
      case VARIABLE -> declaration((VariableTree) tree, out);
      case EXPRESSION_STATEMENT -> expressionStatement((ExpressionStatementTree) tree, out);
      case IF -> ifStatement((IfTree) tree, out);
      case FOR_LOOP -> forLoop((ForLoopTree) tree, out, label);
      case ENHANCED_FOR_LOOP -> enhancedFor((EnhancedForLoopTree) tree, out, label);
      case WHILE_LOOP -> whileLoop((WhileLoopTree) tree, out, label);
      case DO_WHILE_LOOP -> doWhileLoop((DoWhileLoopTree) tree, out, label);
      case LABELED_STATEMENT -> labeled((LabeledStatementTree) tree, out);
      case BREAK -> out.add(new Stmt.Break(name(((BreakTree) tree).getLabel()), ctx.pos(tree)));
      case CONTINUE -> out.add(new Stmt.Continue(name(((ContinueTree) tree).getLabel()), ctx.pos(tree)));
      case RETURN -> returnStatement((ReturnTree) tree, out);
      case EMPTY_STATEMENT -> {}
      case TRY -> throw new ReadException(tree,
          "try/catch is not supported in a @Differentiable method: handle failures in the caller, or move the code that may throw into a method you call with inactive values");
      case THROW -> throw new ReadException(tree,
          "throw is not supported in a @Differentiable method: validate the arguments before the call");
      case SWITCH -> throw new ReadException(tree,
          "switch is not supported in a @Differentiable method: write an if/else chain");
      case SYNCHRONIZED -> throw new ReadException(tree,
          "synchronized is not supported in a @Differentiable method: generated derivatives are already safe to call from many threads");
      case ASSERT -> throw new ReadException(tree,
          "assert is not supported in a @Differentiable method: check the condition before the call");
      case CLASS, RECORD, INTERFACE, ENUM -> throw new ReadException(tree,
          "local classes are not supported in a @Differentiable method: declare the class outside the method");
      default -> throw new ReadException(tree,
          tree.getKind().toString().toLowerCase().replace('_', ' ') + " statements are not supported in a @Differentiable method");
    }
  }

  private static String name(javax.lang.model.element.Name label) {
    return label == null ? null : label.toString();
  }

  private void declaration(VariableTree tree, List<Stmt> out) {
    Pos pos = ctx.pos(tree);
    Type declared = tree.getType() == null || isVar(tree) ? null : ctx.typeTrees.read(tree.getType());
    Expr init = null;
    if (tree.getInitializer() != null) {
      Lowered value = expressions.read(tree.getInitializer(), declared);
      out.addAll(value.before());
      init = value.value();
    }
    Type type = declared != null ? declared : init == null ? null : init.type();
    if (type == null) {
      throw new ReadException(tree, "cannot tell the type of '" + tree.getName() + "'");
    }
    Var v = ctx.scope.declare(tree.getName().toString(), type);
    out.add(new Stmt.Declare(v, init, pos));
  }

  /** {@code var x = ...}: javac's parser leaves the type tree empty or names it {@code var}. */
  private static boolean isVar(VariableTree tree) {
    Tree t = tree.getType();
    return t.getKind() == Tree.Kind.IDENTIFIER && t.toString().equals("var");
  }

  private void expressionStatement(ExpressionStatementTree tree, List<Stmt> out) {
    ExpressionTree e = tree.getExpression();
    Lowered effects =
        switch (e.getKind()) {
          case ASSIGNMENT -> expressions.assignment((AssignmentTree) e, false);
          case MULTIPLY_ASSIGNMENT, DIVIDE_ASSIGNMENT, REMAINDER_ASSIGNMENT, PLUS_ASSIGNMENT,
              MINUS_ASSIGNMENT, LEFT_SHIFT_ASSIGNMENT, RIGHT_SHIFT_ASSIGNMENT,
              UNSIGNED_RIGHT_SHIFT_ASSIGNMENT, AND_ASSIGNMENT, XOR_ASSIGNMENT, OR_ASSIGNMENT ->
              expressions.compoundAssignment((CompoundAssignmentTree) e, false);
          case PREFIX_INCREMENT, PREFIX_DECREMENT, POSTFIX_INCREMENT, POSTFIX_DECREMENT ->
              expressions.increment((UnaryTree) e, false);
          case METHOD_INVOCATION -> throw new ReadException(e,
              "a call whose result is unused does nothing in a @Differentiable method (called methods must be pure): assign its result, or remove the call");
          default -> throw new ReadException(e, "this expression statement is not supported");
        };
    out.addAll(effects.before());
  }

  private void ifStatement(IfTree tree, List<Stmt> out) {
    Lowered cond = expressions.read(tree.getCondition());
    if (!cond.value().type().isBoolean()) {
      throw new ReadException(tree.getCondition(), "an if condition must be a boolean");
    }
    out.addAll(cond.before());
    Block then = nested(tree.getThenStatement());
    Block otherwise = tree.getElseStatement() == null ? Block.EMPTY : nested(tree.getElseStatement());
    out.add(new Stmt.If(cond.value(), then, otherwise, ctx.pos(tree)));
  }

  private void labeled(LabeledStatementTree tree, List<Stmt> out) {
    String label = tree.getLabel().toString();
    StatementTree inner = tree.getStatement();
    switch (inner.getKind()) {
      case FOR_LOOP, ENHANCED_FOR_LOOP, WHILE_LOOP, DO_WHILE_LOOP -> statement(inner, out, label);
      default -> throw new ReadException(tree,
          "labels are supported on loops only: move the label to a loop, or restructure with if/else");
    }
  }

  private void forLoop(ForLoopTree tree, List<Stmt> out, String label) {
    Pos pos = ctx.pos(tree);
    ctx.scope.enter();
    try {
      List<Stmt> init = new ArrayList<>();
      for (StatementTree s : tree.getInitializer()) {
        statement(s, init, null);
      }
      Lowered cond = tree.getCondition() == null ? null : expressions.read(tree.getCondition());
      if (cond != null && !cond.value().type().isBoolean()) {
        throw new ReadException(tree.getCondition(), "a loop condition must be a boolean");
      }
      List<Stmt> update = new ArrayList<>();
      for (ExpressionStatementTree s : tree.getUpdate()) {
        expressionStatement(s, update);
      }
      Block body = nested(tree.getStatement());
      out.add(loop(label, Stmt.LoopKind.FOR, new Block(init), cond, new Block(update), body, pos));
    } finally {
      ctx.scope.exit();
    }
  }

  private void whileLoop(WhileLoopTree tree, List<Stmt> out, String label) {
    Lowered cond = expressions.read(tree.getCondition());
    if (!cond.value().type().isBoolean()) {
      throw new ReadException(tree.getCondition(), "a loop condition must be a boolean");
    }
    Block body = nested(tree.getStatement());
    out.add(loop(label, Stmt.LoopKind.WHILE, Block.EMPTY, cond, Block.EMPTY, body, ctx.pos(tree)));
  }

  /**
   * A loop whose condition has side effects tests it inside the body instead:
   * {@code while (true) { effects; if (!cond) break; body }}, so the effects run before each test.
   */
  private Stmt loop(String label, Stmt.LoopKind kind, Block init, Lowered cond, Block update, Block body, Pos pos) {
    if (cond == null || !cond.hasEffects()) {
      return new Stmt.Loop(label, kind, init, cond == null ? null : cond.value(), update, body, pos);
    }
    List<Stmt> newBody = new ArrayList<>(cond.before());
    Expr negated = new Expr.Unary(Operator.NOT, cond.value(), Type.BOOLEAN, cond.value().pos());
    newBody.add(new Stmt.If(negated, Block.of(new Stmt.Break(label, pos)), Block.EMPTY, pos));
    newBody.add(body);
    return new Stmt.Loop(label, kind, init, null, update, new Block(newBody), pos);
  }

  private void doWhileLoop(DoWhileLoopTree tree, List<Stmt> out, String label) {
    Block body = nested(tree.getStatement());
    Lowered cond = expressions.read(tree.getCondition());
    if (!cond.value().type().isBoolean()) {
      throw new ReadException(tree.getCondition(), "a loop condition must be a boolean");
    }
    // the condition's side effects run after every iteration, continue included: the update block
    Block update = new Block(cond.before());
    out.add(new Stmt.Loop(label, Stmt.LoopKind.DO_WHILE, Block.EMPTY, cond.value(), update, body, ctx.pos(tree)));
  }

  private void enhancedFor(EnhancedForLoopTree tree, List<Stmt> out, String label) {
    Pos pos = ctx.pos(tree);
    Lowered iterable = expressions.read(tree.getExpression());
    out.addAll(iterable.before());
    Type collection = iterable.value().type();
    Type elementType;
    boolean isList = collection.isList();
    if (collection instanceof Type.Array a) {
      elementType = a.element();
    } else if (isList && collection instanceof Type.Reference r && r.arguments().size() == 1) {
      elementType = r.arguments().get(0);
    } else {
      throw new ReadException(tree.getExpression(),
          "for-each loops run over arrays and Lists here, not over " + collection);
    }
    ctx.scope.enter();
    try {
      Expr source = iterable.value();
      List<Stmt> init = new ArrayList<>();
      if (!(source instanceof Expr.Local)) {
        String hint = source instanceof Expr.Get g ? g.name() : isList ? "list" : "array";
        Var held = ctx.scope.temporary(hint, collection);
        out.add(new Stmt.Declare(held, source, pos));
        source = new Expr.Local(held, pos);
      }
      String variable = tree.getVariable().getName().toString();
      Var index = ctx.scope.temporary(variable + "Index", Type.INT);
      init.add(new Stmt.Declare(index, Expr.Literal.ofInt(0), pos));
      Expr size = isList
          ? listSize(source, tree, pos)
          : new Expr.ArrayLength(source, pos);
      Expr cond = new Expr.Binary(Operator.LESS, new Expr.Local(index, pos), size, Type.BOOLEAN, pos);
      Stmt step = new Stmt.Assign(index,
          new Expr.Binary(Operator.ADD, new Expr.Local(index, pos), Expr.Literal.ofInt(1), Type.INT, pos), pos);
      Type declared = tree.getVariable().getType() == null || isVar(tree.getVariable())
          ? elementType
          : ctx.typeTrees.read(tree.getVariable().getType());
      Var element = ctx.scope.declare(variable, declared);
      Expr read = isList
          ? listGet(source, new Expr.Local(index, pos), elementType, tree, pos)
          : new Expr.ArrayRead(source, new Expr.Local(index, pos), pos);
      List<Stmt> body = new ArrayList<>();
      body.add(new Stmt.Declare(element, read, ctx.pos(tree.getVariable())));
      body.add(nested(tree.getStatement()));
      out.add(new Stmt.Loop(label, Stmt.LoopKind.FOR, new Block(init), cond, Block.of(step), new Block(body), pos));
    } finally {
      ctx.scope.exit();
    }
  }

  private Expr listSize(Expr list, Tree at, Pos pos) {
    return ctx.calls.callInstance(list, "size", List.of(), at, pos);
  }

  private Expr listGet(Expr list, Expr index, Type elementType, Tree at, Pos pos) {
    return new Expr.ListGet(list, index, elementType, pos);
  }

  private void returnStatement(ReturnTree tree, List<Stmt> out) {
    if (tree.getExpression() == null) {
      throw new ReadException(tree, "a @Differentiable method must return a value");
    }
    Lowered value = expressions.read(tree.getExpression());
    out.addAll(value.before());
    out.add(new Stmt.Return(value.value(), ctx.pos(tree)));
  }
}
