package dev.adjoint.processor.read;

import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.UnaryTree;
import dev.adjoint.processor.ir.Block;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.IrVars;
import dev.adjoint.processor.ir.Numeric;
import dev.adjoint.processor.ir.Operator;
import dev.adjoint.processor.ir.Pos;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Var;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.ElementFilter;

/**
 * Reads Java expressions into IR. Side effects inside an expression (assignments, increments)
 * become statements that run first, and operands that a later side effect could change are
 * held in temporaries, so Java's left-to-right evaluation order is kept.
 */
final class ExpressionReader {
  private final ReadContext ctx;

  ExpressionReader(ReadContext ctx) {
    this.ctx = ctx;
  }

  Lowered read(ExpressionTree tree) {
    return read(tree, null);
  }

  /** Reads {@code tree}; {@code expected} types a bare array initializer such as {@code {1, 2}}. */
  Lowered read(ExpressionTree tree, Type expected) {
    return switch (tree.getKind()) {
      case PARENTHESIZED -> read(((ParenthesizedTree) tree).getExpression(), expected);
      case INT_LITERAL, LONG_LITERAL, FLOAT_LITERAL, DOUBLE_LITERAL, BOOLEAN_LITERAL, CHAR_LITERAL ->
          Lowered.of(literal((LiteralTree) tree));
      case STRING_LITERAL -> throw unsupported(tree, "strings are not supported in a @Differentiable method");
      case NULL_LITERAL -> throw unsupported(tree, "null is not supported in a @Differentiable method");
      case IDENTIFIER -> Lowered.of(identifier((IdentifierTree) tree));
      case MEMBER_SELECT -> Lowered.of(memberSelect((MemberSelectTree) tree));
      case UNARY_MINUS, UNARY_PLUS, LOGICAL_COMPLEMENT, BITWISE_COMPLEMENT -> unary((UnaryTree) tree);
      case PREFIX_INCREMENT, PREFIX_DECREMENT, POSTFIX_INCREMENT, POSTFIX_DECREMENT ->
          increment((UnaryTree) tree, true);
      case MULTIPLY, DIVIDE, REMAINDER, PLUS, MINUS, LEFT_SHIFT, RIGHT_SHIFT, UNSIGNED_RIGHT_SHIFT,
          LESS_THAN, GREATER_THAN, LESS_THAN_EQUAL, GREATER_THAN_EQUAL, EQUAL_TO, NOT_EQUAL_TO,
          AND, XOR, OR, CONDITIONAL_AND, CONDITIONAL_OR -> binary((BinaryTree) tree);
      case CONDITIONAL_EXPRESSION -> conditional((ConditionalExpressionTree) tree);
      case TYPE_CAST -> cast((TypeCastTree) tree);
      case ARRAY_ACCESS -> arrayAccess((ArrayAccessTree) tree);
      case NEW_ARRAY -> newArray((NewArrayTree) tree, expected);
      case METHOD_INVOCATION -> invocation((MethodInvocationTree) tree);
      case ASSIGNMENT -> assignment((AssignmentTree) tree, true);
      case MULTIPLY_ASSIGNMENT, DIVIDE_ASSIGNMENT, REMAINDER_ASSIGNMENT, PLUS_ASSIGNMENT,
          MINUS_ASSIGNMENT, LEFT_SHIFT_ASSIGNMENT, RIGHT_SHIFT_ASSIGNMENT,
          UNSIGNED_RIGHT_SHIFT_ASSIGNMENT, AND_ASSIGNMENT, XOR_ASSIGNMENT, OR_ASSIGNMENT ->
          compoundAssignment((CompoundAssignmentTree) tree, true);
      case LAMBDA_EXPRESSION -> throw unsupported(tree,
          "lambdas are not supported in a @Differentiable method: write the computation as a loop or call another @Differentiable method");
      case MEMBER_REFERENCE -> throw unsupported(tree,
          "method references are not supported in a @Differentiable method: call the method directly");
      case NEW_CLASS -> throw unsupported(tree,
          "creating objects is not supported in a @Differentiable method: pass them in as parameters");
      case INSTANCE_OF -> throw unsupported(tree, "instanceof is not supported in a @Differentiable method");
      case SWITCH_EXPRESSION -> throw unsupported(tree,
          "switch expressions are not supported in a @Differentiable method: use ?: or if/else");
      default -> throw unsupported(tree, tree.getKind().toString().toLowerCase().replace('_', ' ')
          + " is not supported in a @Differentiable method");
    };
  }

  private static ReadException unsupported(Tree tree, String message) {
    return new ReadException(tree, message);
  }

  // ---------------------------------------------------------------- leaves

  private Expr literal(LiteralTree tree) {
    Pos pos = ctx.pos(tree);
    Object v = tree.getValue();
    return switch (tree.getKind()) {
      case INT_LITERAL -> new Expr.Literal(Type.INT, v, pos);
      case LONG_LITERAL -> new Expr.Literal(Type.LONG, v, pos);
      case FLOAT_LITERAL -> new Expr.Literal(Type.FLOAT, v, pos);
      case DOUBLE_LITERAL -> new Expr.Literal(Type.DOUBLE, v, pos);
      case BOOLEAN_LITERAL -> new Expr.Literal(Type.BOOLEAN, v, pos);
      case CHAR_LITERAL -> new Expr.Literal(Type.CHAR, v, pos);
      default -> throw unsupported(tree, "this literal is not supported");
    };
  }

  private Expr identifier(IdentifierTree tree) {
    String name = tree.getName().toString();
    Var v = ctx.scope.lookup(name);
    if (v != null) {
      return new Expr.Local(v, ctx.pos(tree));
    }
    for (TypeElement owner : ctx.names.enclosingClasses()) {
      VariableElement field = field(owner, name);
      if (field != null) {
        return staticField(owner, field, tree);
      }
    }
    for (TypeElement owner : ctx.names.staticImportsOf(name)) {
      VariableElement field = field(owner, name);
      if (field != null) {
        return staticField(owner, field, tree);
      }
    }
    throw unsupported(tree, "cannot find '" + name + "'");
  }

  private VariableElement field(TypeElement owner, String name) {
    for (VariableElement f : ElementFilter.fieldsIn(ctx.typeMapper.elements().getAllMembers(owner))) {
      if (f.getSimpleName().contentEquals(name)) {
        return f;
      }
    }
    return null;
  }

  private Expr staticField(TypeElement owner, VariableElement field, Tree tree) {
    if (!field.getModifiers().contains(Modifier.STATIC)) {
      throw unsupported(tree, "instance field '" + field.getSimpleName()
          + "' cannot be read from a static @Differentiable method: pass its value as a parameter");
    }
    Type t = ctx.typeMapper.toIr(field.asType());
    if (t == null) {
      throw unsupported(tree, "field '" + field.getSimpleName() + "' has type " + field.asType()
          + ", which is outside the differentiable subset");
    }
    String ownerName = ((TypeElement) field.getEnclosingElement()).getQualifiedName().toString();
    return new Expr.StaticField(ownerName, field.getSimpleName().toString(), t, ctx.pos(tree));
  }

  private Expr memberSelect(MemberSelectTree tree) {
    String member = tree.getIdentifier().toString();
    ExpressionTree qualifier = tree.getExpression();
    TypeElement owner = maybeType(qualifier);
    if (owner != null) {
      VariableElement field = field(owner, member);
      if (field == null) {
        throw unsupported(tree, owner.getSimpleName() + " has no field '" + member + "'");
      }
      return staticField(owner, field, tree);
    }
    Lowered base = read(qualifier);
    if (base.hasEffects()) {
      throw unsupported(tree, "side effects before '." + member + "' are not supported; use a local variable");
    }
    if (member.equals("length") && base.value().type() instanceof Type.Array) {
      return new Expr.ArrayLength(base.value(), ctx.pos(tree));
    }
    throw unsupported(tree, "fields of " + base.value().type()
        + " cannot be read in a @Differentiable method; read records through their accessors, e.g. p.weights()");
  }

  /** The class a qualifier names, or null when it is a value (a local variable, say). */
  private TypeElement maybeType(ExpressionTree qualifier) {
    ExpressionTree leftmost = qualifier;
    while (leftmost instanceof MemberSelectTree select) {
      leftmost = select.getExpression();
    }
    if (!(leftmost instanceof IdentifierTree id) || ctx.scope.lookup(id.getName().toString()) != null) {
      return null;
    }
    return ctx.names.resolveType(qualifier);
  }

  // ---------------------------------------------------------------- operators

  private Lowered unary(UnaryTree tree) {
    Lowered operand = read(tree.getExpression());
    Type t = operand.value().type();
    Pos pos = ctx.pos(tree);
    Expr value =
        switch (tree.getKind()) {
          case UNARY_MINUS -> {
            requireNumeric(tree, t, "-");
            yield new Expr.Unary(Operator.NEGATE, operand.value(), Numeric.unaryPromotion(t), pos);
          }
          case UNARY_PLUS -> {
            requireNumeric(tree, t, "+");
            yield new Expr.Unary(Operator.PLUS, operand.value(), Numeric.unaryPromotion(t), pos);
          }
          case LOGICAL_COMPLEMENT -> {
            if (!t.isBoolean()) {
              throw unsupported(tree, "! needs a boolean, not " + t);
            }
            yield new Expr.Unary(Operator.NOT, operand.value(), Type.BOOLEAN, pos);
          }
          default -> {
            if (!t.isIntegral()) {
              throw unsupported(tree, "~ needs an integer, not " + t);
            }
            yield new Expr.Unary(Operator.BITWISE_NOT, operand.value(), Numeric.unaryPromotion(t), pos);
          }
        };
    return new Lowered(operand.before(), value);
  }

  private static void requireNumeric(Tree tree, Type t, String op) {
    if (!t.isNumeric()) {
      throw new ReadException(tree, "operator " + op + " needs a number, not " + t
          + (t.isTensor() ? "; use the Tensor methods (add, sub, mul, neg...)" : ""));
    }
  }

  static Operator operatorOf(Tree.Kind kind) {
    return switch (kind) {
      case MULTIPLY, MULTIPLY_ASSIGNMENT -> Operator.MULTIPLY;
      case DIVIDE, DIVIDE_ASSIGNMENT -> Operator.DIVIDE;
      case REMAINDER, REMAINDER_ASSIGNMENT -> Operator.REMAINDER;
      case PLUS, PLUS_ASSIGNMENT -> Operator.ADD;
      case MINUS, MINUS_ASSIGNMENT -> Operator.SUBTRACT;
      case LEFT_SHIFT, LEFT_SHIFT_ASSIGNMENT -> Operator.SHIFT_LEFT;
      case RIGHT_SHIFT, RIGHT_SHIFT_ASSIGNMENT -> Operator.SHIFT_RIGHT;
      case UNSIGNED_RIGHT_SHIFT, UNSIGNED_RIGHT_SHIFT_ASSIGNMENT -> Operator.UNSIGNED_SHIFT_RIGHT;
      case LESS_THAN -> Operator.LESS;
      case GREATER_THAN -> Operator.GREATER;
      case LESS_THAN_EQUAL -> Operator.LESS_EQUAL;
      case GREATER_THAN_EQUAL -> Operator.GREATER_EQUAL;
      case EQUAL_TO -> Operator.EQUAL;
      case NOT_EQUAL_TO -> Operator.NOT_EQUAL;
      case AND, AND_ASSIGNMENT -> Operator.AND;
      case XOR, XOR_ASSIGNMENT -> Operator.XOR;
      case OR, OR_ASSIGNMENT -> Operator.OR;
      case CONDITIONAL_AND -> Operator.CONDITIONAL_AND;
      case CONDITIONAL_OR -> Operator.CONDITIONAL_OR;
      default -> throw new IllegalArgumentException(kind.toString());
    };
  }

  /** The IR of {@code left op right} once both sides are read; checks the operand types. */
  Expr combine(Tree tree, Operator op, Expr left, Expr right, Pos pos) {
    Type l = left.type();
    Type r = right.type();
    switch (op) {
      case CONDITIONAL_AND, CONDITIONAL_OR -> {
        if (!l.isBoolean() || !r.isBoolean()) {
          throw unsupported(tree, op.symbol() + " needs booleans, not " + l + " and " + r);
        }
        return new Expr.Binary(op, left, right, Type.BOOLEAN, pos);
      }
      case AND, OR, XOR -> {
        if (l.isBoolean() && r.isBoolean()) {
          return new Expr.Binary(op, left, right, Type.BOOLEAN, pos);
        }
        if (l.isIntegral() && r.isIntegral()) {
          return new Expr.Binary(op, left, right, Numeric.binaryPromotion(l, r), pos);
        }
        throw unsupported(tree, op.symbol() + " needs two integers or two booleans, not " + l + " and " + r);
      }
      case SHIFT_LEFT, SHIFT_RIGHT, UNSIGNED_SHIFT_RIGHT -> {
        if (!l.isIntegral() || !r.isIntegral()) {
          throw unsupported(tree, op.symbol() + " needs integers, not " + l + " and " + r);
        }
        return new Expr.Binary(op, left, right, Numeric.unaryPromotion(l), pos);
      }
      case EQUAL, NOT_EQUAL -> {
        if ((l.isNumeric() && r.isNumeric()) || (l.isBoolean() && r.isBoolean())) {
          return new Expr.Binary(op, left, right, Type.BOOLEAN, pos);
        }
        throw unsupported(tree, op.symbol() + " compares numbers or booleans here, not " + l + " and " + r);
      }
      case LESS, LESS_EQUAL, GREATER, GREATER_EQUAL -> {
        requireNumeric(tree, l, op.symbol());
        requireNumeric(tree, r, op.symbol());
        return new Expr.Binary(op, left, right, Type.BOOLEAN, pos);
      }
      default -> {
        if (op == Operator.ADD && (isString(l) || isString(r))) {
          throw unsupported(tree, "string concatenation is not supported in a @Differentiable method");
        }
        requireNumeric(tree, l, op.symbol());
        requireNumeric(tree, r, op.symbol());
        return new Expr.Binary(op, left, right, Numeric.binaryPromotion(l, r), pos);
      }
    }
  }

  private static boolean isString(Type t) {
    return t instanceof Type.Reference r && r.name().equals("java.lang.String");
  }

  private Lowered binary(BinaryTree tree) {
    Operator op = operatorOf(tree.getKind());
    Lowered left = read(tree.getLeftOperand());
    Lowered right = read(tree.getRightOperand());
    Pos pos = ctx.pos(tree);
    if ((op == Operator.CONDITIONAL_AND || op == Operator.CONDITIONAL_OR) && right.hasEffects()) {
      // the right side runs only when the left does not decide the result
      Var result = ctx.scope.temporary("condition", Type.BOOLEAN);
      List<Stmt> before = new ArrayList<>(left.before());
      before.add(new Stmt.Declare(result, left.value(), pos));
      List<Stmt> evaluateRight = new ArrayList<>(right.before());
      evaluateRight.add(new Stmt.Assign(result, right.value(), pos));
      Expr test = new Expr.Local(result, pos);
      if (op == Operator.CONDITIONAL_OR) {
        test = new Expr.Unary(Operator.NOT, test, Type.BOOLEAN, pos);
      }
      combine(tree, op, left.value(), right.value(), pos);
      before.add(new Stmt.If(test, new Block(evaluateRight), Block.EMPTY, pos));
      return new Lowered(before, new Expr.Local(result, pos));
    }
    List<Lowered> parts = sequence(List.of(left, right), pos);
    List<Stmt> before = new ArrayList<>();
    parts.forEach(p -> before.addAll(p.before()));
    return new Lowered(before, combine(tree, op, parts.get(0).value(), parts.get(1).value(), pos));
  }

  /**
   * Orders the side effects of several operands read left to right: an operand whose value a
   * later operand's side effects could change is first copied into a temporary.
   */
  List<Lowered> sequence(List<Lowered> operands, Pos pos) {
    List<Lowered> out = new ArrayList<>();
    for (int i = 0; i < operands.size(); i++) {
      Lowered current = operands.get(i);
      List<Stmt> later = new ArrayList<>();
      for (int j = i + 1; j < operands.size(); j++) {
        later.addAll(operands.get(j).before());
      }
      if (!later.isEmpty() && mayChange(current.value(), later)) {
        Var temp = ctx.scope.temporary("operand", current.value().type());
        List<Stmt> before = new ArrayList<>(current.before());
        before.add(new Stmt.Declare(temp, current.value(), pos));
        out.add(new Lowered(before, new Expr.Local(temp, pos)));
      } else {
        out.add(current);
      }
    }
    return out;
  }

  private static boolean mayChange(Expr value, List<Stmt> later) {
    if (value instanceof Expr.Literal || value instanceof Expr.StaticField) {
      return false;
    }
    Set<Var> assigned = IrVars.assigned(later);
    for (Var v : IrVars.reads(value)) {
      if (assigned.contains(v)) {
        return true;
      }
    }
    return IrVars.readsAnyArray(value) && !IrVars.arraysWritten(later).isEmpty();
  }

  private Lowered conditional(ConditionalExpressionTree tree) {
    Lowered cond = read(tree.getCondition());
    Lowered whenTrue = read(tree.getTrueExpression());
    Lowered whenFalse = read(tree.getFalseExpression());
    Pos pos = ctx.pos(tree);
    if (!cond.value().type().isBoolean()) {
      throw unsupported(tree.getCondition(), "the condition of ?: must be a boolean");
    }
    Type type = conditionalType(tree, whenTrue.value().type(), whenFalse.value().type());
    if (!whenTrue.hasEffects() && !whenFalse.hasEffects()) {
      return new Lowered(
          cond.before(),
          new Expr.Conditional(cond.value(), whenTrue.value(), whenFalse.value(), type, pos));
    }
    Var result = ctx.scope.temporary("choice", type);
    List<Stmt> before = new ArrayList<>(cond.before());
    before.add(new Stmt.Declare(result, null, pos));
    List<Stmt> yes = new ArrayList<>(whenTrue.before());
    yes.add(new Stmt.Assign(result, whenTrue.value(), pos));
    List<Stmt> no = new ArrayList<>(whenFalse.before());
    no.add(new Stmt.Assign(result, whenFalse.value(), pos));
    before.add(new Stmt.If(cond.value(), new Block(yes), new Block(no), pos));
    return new Lowered(before, new Expr.Local(result, pos));
  }

  private static Type conditionalType(Tree tree, Type a, Type b) {
    if (a.equals(b)) {
      return a;
    }
    if (a.isNumeric() && b.isNumeric()) {
      return Numeric.binaryPromotion(a, b);
    }
    throw new ReadException(tree, "the two branches of ?: have types " + a + " and " + b);
  }

  private Lowered cast(TypeCastTree tree) {
    Type target = ctx.typeTrees.read(tree.getType());
    Lowered operand = read(tree.getExpression());
    Type source = operand.value().type();
    if (target.equals(source)) {
      return operand;
    }
    if (!(target.isNumeric() && source.isNumeric())) {
      throw unsupported(tree, "casts from " + source + " to " + target + " are not supported; only casts between numeric types are");
    }
    return new Lowered(operand.before(), new Expr.Cast(target, operand.value(), ctx.pos(tree)));
  }

  // ---------------------------------------------------------------- arrays

  private Lowered arrayAccess(ArrayAccessTree tree) {
    Lowered array = read(tree.getExpression());
    Lowered index = read(tree.getIndex());
    if (!(array.value().type() instanceof Type.Array)) {
      throw unsupported(tree, "indexing needs an array, not " + array.value().type());
    }
    if (!index.value().type().isIntegral() || index.value().type().isPrimitive(Type.PrimitiveKind.LONG)) {
      throw unsupported(tree.getIndex(), "an array index must be an int, not " + index.value().type());
    }
    Pos pos = ctx.pos(tree);
    List<Lowered> parts = sequence(List.of(array, index), pos);
    List<Stmt> before = new ArrayList<>();
    parts.forEach(p -> before.addAll(p.before()));
    return new Lowered(before, new Expr.ArrayRead(parts.get(0).value(), parts.get(1).value(), pos));
  }

  private Lowered newArray(NewArrayTree tree, Type expected) {
    Pos pos = ctx.pos(tree);
    Type arrayType;
    if (tree.getType() != null) {
      Type element = ctx.typeTrees.read(tree.getType());
      int depth = Math.max(tree.getDimensions().size(), 1);
      if (tree.getInitializers() != null && tree.getDimensions().isEmpty()) {
        depth = 1;
      }
      arrayType = element;
      for (int i = 0; i < depth; i++) {
        arrayType = Type.arrayOf(arrayType);
      }
      if (tree.getInitializers() != null && expected instanceof Type.Array && expected.arrayDepth() > depth) {
        arrayType = expected;
      }
    } else if (expected instanceof Type.Array) {
      arrayType = expected;
    } else {
      throw unsupported(tree, "cannot tell the type of this array initializer; write new double[] {...}");
    }
    if (!arrayType.elementType().isNumeric() && !arrayType.elementType().isBoolean()
        && !(arrayType.elementType() instanceof Type.Array)
        && !arrayType.elementType().isTensor()) {
      throw unsupported(tree, "arrays of " + arrayType.elementType() + " are not supported");
    }
    if (tree.getInitializers() == null) {
      List<Lowered> dims = new ArrayList<>();
      for (ExpressionTree d : tree.getDimensions()) {
        Lowered dim = read(d);
        if (!dim.value().type().isIntegral()) {
          throw unsupported(d, "an array dimension must be an int");
        }
        dims.add(dim);
      }
      List<Lowered> ordered = sequence(dims, pos);
      List<Stmt> before = new ArrayList<>();
      List<Expr> values = new ArrayList<>();
      for (Lowered d : ordered) {
        before.addAll(d.before());
        values.add(d.value());
      }
      return new Lowered(before, new Expr.NewArray(arrayType, values, pos));
    }
    // {a, b, c}: allocate, then write the elements in order
    Var array = ctx.scope.temporary("array", arrayType);
    List<Stmt> before = new ArrayList<>();
    List<? extends ExpressionTree> inits = tree.getInitializers();
    before.add(new Stmt.Declare(
        array, new Expr.NewArray(arrayType, List.of(Expr.Literal.ofInt(inits.size())), pos), pos));
    for (int i = 0; i < inits.size(); i++) {
      Lowered element = read(inits.get(i), arrayType.elementType());
      before.addAll(element.before());
      before.add(new Stmt.ArrayWrite(
          new Expr.Local(array, pos), Expr.Literal.ofInt(i), element.value(), ctx.pos(inits.get(i))));
    }
    return new Lowered(before, new Expr.Local(array, pos));
  }

  // ---------------------------------------------------------------- calls

  private Lowered invocation(MethodInvocationTree tree) {
    if (!tree.getTypeArguments().isEmpty()) {
      throw unsupported(tree, "explicit type arguments are not supported here");
    }
    Pos pos = ctx.pos(tree);
    ExpressionTree select = tree.getMethodSelect();
    List<Lowered> args = new ArrayList<>();
    Lowered receiver = null;
    String name;
    TypeElement staticOwner = null;
    if (select instanceof IdentifierTree id) {
      name = id.getName().toString();
      staticOwner = unqualifiedOwner(tree, name);
    } else if (select instanceof MemberSelectTree ms) {
      name = ms.getIdentifier().toString();
      staticOwner = maybeType(ms.getExpression());
      if (staticOwner == null) {
        receiver = read(ms.getExpression());
      }
    } else {
      throw unsupported(tree, "this kind of call is not supported");
    }
    if (receiver != null) {
      args.add(receiver);
    }
    for (ExpressionTree a : tree.getArguments()) {
      args.add(read(a));
    }
    List<Lowered> ordered = sequence(args, pos);
    List<Stmt> before = new ArrayList<>();
    List<Expr> values = new ArrayList<>();
    for (Lowered a : ordered) {
      before.addAll(a.before());
      values.add(a.value());
    }
    if (receiver == null) {
      return new Lowered(before, ctx.calls.callStatic(staticOwner, name, values, tree, pos));
    }
    Expr target = values.get(0);
    List<Expr> rest = values.subList(1, values.size());
    if (target.type() instanceof Type.Array) {
      if (name.equals("clone") && rest.isEmpty()) {
        return new Lowered(before, new Expr.ArrayClone(target, pos));
      }
      throw unsupported(tree, "arrays support only clone() here");
    }
    if (target.type().isList() && name.equals("get") && rest.size() == 1
        && target.type() instanceof Type.Reference list && list.arguments().size() == 1) {
      if (!rest.get(0).type().isIntegral()) {
        throw unsupported(tree, "a list index must be an int");
      }
      return new Lowered(before, new Expr.ListGet(target, rest.get(0), list.arguments().get(0), pos));
    }
    if (target.type() instanceof Type.Reference ref && ref.isRecord() && rest.isEmpty()) {
      for (Type.Component c : ref.components()) {
        if (c.name().equals(name)) {
          return new Lowered(before, new Expr.Get(target, name, c.type(), pos));
        }
      }
    }
    if (target.type() instanceof Type.Primitive) {
      throw unsupported(tree, "cannot call '" + name + "' on a " + target.type());
    }
    return new Lowered(before, ctx.calls.callInstance(target, name, rest, tree, pos));
  }

  /** The class an unqualified call refers to: an enclosing class, else a static import. */
  private TypeElement unqualifiedOwner(MethodInvocationTree tree, String name) {
    for (TypeElement owner : ctx.names.enclosingClasses()) {
      if (ctx.calls.hasMethod(owner, name, true)) {
        return owner;
      }
      if (ctx.calls.hasMethod(owner, name, false)) {
        throw unsupported(tree, "'" + name + "' is an instance method; a @Differentiable method is static and can call only static methods");
      }
    }
    for (TypeElement owner : ctx.names.staticImportsOf(name)) {
      if (ctx.calls.hasMethod(owner, name, true)) {
        return owner;
      }
    }
    throw unsupported(tree, "cannot find method '" + name + "'");
  }

  // ---------------------------------------------------------------- assignments

  /**
   * An assignment; {@code asValue} when its value is used (it then also yields the variable).
   * Statement-level assignments come here too, with {@code asValue} false.
   */
  Lowered assignment(AssignmentTree tree, boolean asValue) {
    Pos pos = ctx.pos(tree);
    ExpressionTree target = tree.getVariable();
    if (target instanceof IdentifierTree id) {
      Var v = ctx.scope.lookup(id.getName().toString());
      if (v == null) {
        throw writeToField(tree, id.getName().toString());
      }
      Lowered value = read(tree.getExpression(), v.type());
      checkAssignable(tree, value.value().type(), v.type());
      List<Stmt> before = new ArrayList<>(value.before());
      before.add(new Stmt.Assign(v, value.value(), pos));
      return new Lowered(before, new Expr.Local(v, pos));
    }
    if (target instanceof ArrayAccessTree access) {
      ArrayTarget element = arrayTarget(access);
      Lowered value = read(tree.getExpression(), element.elementType());
      checkAssignable(tree, value.value().type(), element.elementType());
      List<Lowered> ordered = sequence(List.of(element.asLowered(), value), pos);
      List<Stmt> before = new ArrayList<>(ordered.get(0).before());
      before.addAll(ordered.get(1).before());
      Expr.ArrayRead place = (Expr.ArrayRead) ordered.get(0).value();
      Expr stored = ordered.get(1).value();
      if (asValue && !(stored instanceof Expr.Literal) && !(stored instanceof Expr.Local)) {
        Var temp = ctx.scope.temporary("stored", element.elementType());
        before.add(new Stmt.Declare(temp, stored, pos));
        stored = new Expr.Local(temp, pos);
      }
      before.add(new Stmt.ArrayWrite(place.array(), place.index(), stored, pos));
      return new Lowered(before, stored);
    }
    throw writeToField(tree, target.toString());
  }

  private static ReadException writeToField(Tree tree, String name) {
    return new ReadException(tree, "cannot assign to '" + name
        + "': a @Differentiable method may write only its own local variables and arrays (fields and other state are not differentiated); use a local variable");
  }

  private static void checkAssignable(Tree tree, Type from, Type to) {
    if (from.equals(to) || Numeric.widens(from, to)) {
      return;
    }
    if (from instanceof Type.Reference && to instanceof Type.Reference) {
      return;
    }
    if (from.isIntegral() && to.isIntegral()) {
      return; // constant narrowing, javac checks the rest
    }
    throw new ReadException(tree, "cannot assign a " + from + " to a " + to);
  }

  /** A place {@code a[i]}: the array and index, read once and held if needed. */
  private record ArrayTarget(List<Stmt> before, Expr.ArrayRead place) {
    Type elementType() {
      return place.type();
    }

    Lowered asLowered() {
      return new Lowered(before, place);
    }
  }

  private ArrayTarget arrayTarget(ArrayAccessTree access) {
    Lowered read = arrayAccess(access);
    Expr.ArrayRead place = (Expr.ArrayRead) read.value();
    List<Stmt> before = new ArrayList<>(read.before());
    Expr array = place.array();
    Expr index = place.index();
    if (!isStable(array)) {
      Var temp = ctx.scope.temporary("row", array.type());
      before.add(new Stmt.Declare(temp, array, place.pos()));
      array = new Expr.Local(temp, place.pos());
    }
    if (!isStable(index)) {
      Var temp = ctx.scope.temporary("index", Type.INT);
      before.add(new Stmt.Declare(temp, index, place.pos()));
      index = new Expr.Local(temp, place.pos());
    }
    return new ArrayTarget(before, new Expr.ArrayRead(array, index, place.pos()));
  }

  /** Cheap and pure enough to evaluate twice (read, then write back). */
  private static boolean isStable(Expr e) {
    if (e instanceof Expr.Literal || e instanceof Expr.Local || e instanceof Expr.StaticField) {
      return true;
    }
    if (e instanceof Expr.ArrayRead r) {
      return isStable(r.array()) && isStable(r.index());
    }
    return e instanceof Expr.Binary b && b.type().isIntegral() && isStable(b.left()) && isStable(b.right());
  }

  Lowered compoundAssignment(CompoundAssignmentTree tree, boolean asValue) {
    Operator op = operatorOf(tree.getKind());
    Pos pos = ctx.pos(tree);
    ExpressionTree target = tree.getVariable();
    if (target instanceof IdentifierTree id) {
      Var v = ctx.scope.lookup(id.getName().toString());
      if (v == null) {
        throw writeToField(tree, id.getName().toString());
      }
      Lowered value = read(tree.getExpression());
      Expr current = new Expr.Local(v, pos);
      List<Lowered> ordered = sequence(List.of(Lowered.of(current), value), pos);
      List<Stmt> before = new ArrayList<>(ordered.get(0).before());
      before.addAll(ordered.get(1).before());
      Expr combined = narrow(combine(tree, op, ordered.get(0).value(), ordered.get(1).value(), pos), v.type(), pos);
      before.add(new Stmt.Assign(v, combined, pos));
      return new Lowered(before, new Expr.Local(v, pos));
    }
    if (target instanceof ArrayAccessTree access) {
      ArrayTarget element = arrayTarget(access);
      Lowered value = read(tree.getExpression());
      List<Stmt> before = new ArrayList<>(element.before());
      List<Lowered> ordered = sequence(List.of(Lowered.of(element.place()), value), pos);
      before.addAll(ordered.get(0).before());
      before.addAll(ordered.get(1).before());
      Expr combined = narrow(
          combine(tree, op, ordered.get(0).value(), ordered.get(1).value(), pos), element.elementType(), pos);
      Expr stored = combined;
      if (asValue) {
        Var temp = ctx.scope.temporary("stored", element.elementType());
        before.add(new Stmt.Declare(temp, combined, pos));
        stored = new Expr.Local(temp, pos);
      }
      before.add(new Stmt.ArrayWrite(element.place().array(), element.place().index(), stored, pos));
      return new Lowered(before, asValue ? stored : element.place());
    }
    throw writeToField(tree, target.toString());
  }

  /** {@code x op= e} stores {@code (T) (x op e)}: Java's implicit narrowing of compound assignment. */
  private static Expr narrow(Expr value, Type to, Pos pos) {
    return value.type().equals(to) ? value : new Expr.Cast(to, value, pos);
  }

  Lowered increment(UnaryTree tree, boolean asValue) {
    Pos pos = ctx.pos(tree);
    boolean prefix = tree.getKind() == Tree.Kind.PREFIX_INCREMENT || tree.getKind() == Tree.Kind.PREFIX_DECREMENT;
    Operator op = tree.getKind() == Tree.Kind.PREFIX_INCREMENT || tree.getKind() == Tree.Kind.POSTFIX_INCREMENT
        ? Operator.ADD
        : Operator.SUBTRACT;
    ExpressionTree target = tree.getExpression();
    if (target instanceof IdentifierTree id) {
      Var v = ctx.scope.lookup(id.getName().toString());
      if (v == null) {
        throw writeToField(tree, id.getName().toString());
      }
      requireNumeric(tree, v.type(), op.symbol() + op.symbol());
      List<Stmt> before = new ArrayList<>();
      Expr result = new Expr.Local(v, pos);
      if (asValue && !prefix) {
        Var old = ctx.scope.temporary("old", v.type());
        before.add(new Stmt.Declare(old, new Expr.Local(v, pos), pos));
        result = new Expr.Local(old, pos);
      }
      Expr one = Expr.Literal.ofInt(1);
      before.add(new Stmt.Assign(v, narrow(combine(tree, op, new Expr.Local(v, pos), one, pos), v.type(), pos), pos));
      return new Lowered(before, result);
    }
    if (target instanceof ArrayAccessTree access) {
      ArrayTarget element = arrayTarget(access);
      requireNumeric(tree, element.elementType(), op.symbol() + op.symbol());
      List<Stmt> before = new ArrayList<>(element.before());
      Expr result = element.place();
      if (asValue) {
        Var old = ctx.scope.temporary("old", element.elementType());
        before.add(new Stmt.Declare(old, element.place(), pos));
        result = new Expr.Local(old, pos);
      }
      Expr updated = narrow(combine(tree, op, element.place(), Expr.Literal.ofInt(1), pos), element.elementType(), pos);
      before.add(new Stmt.ArrayWrite(element.place().array(), element.place().index(), updated, pos));
      if (asValue && prefix) {
        result = element.place();
      }
      return new Lowered(before, result);
    }
    throw writeToField(tree, target.toString());
  }

  /** Whether a method element is something the reader can call statically (for diagnostics). */
  static boolean isStaticMethod(ExecutableElement e) {
    return e.getKind() == ElementKind.METHOD && e.getModifiers().contains(Modifier.STATIC);
  }
}
