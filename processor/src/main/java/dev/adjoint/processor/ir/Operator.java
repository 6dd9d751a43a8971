package dev.adjoint.processor.ir;

/** Java's unary and binary operators, with the precedence the emitter parenthesizes by. */
public enum Operator {
  NEGATE("-", 14, true),
  PLUS("+", 14, true),
  NOT("!", 14, true),
  BITWISE_NOT("~", 14, true),

  MULTIPLY("*", 12, false),
  DIVIDE("/", 12, false),
  REMAINDER("%", 12, false),
  ADD("+", 11, false),
  SUBTRACT("-", 11, false),
  SHIFT_LEFT("<<", 10, false),
  SHIFT_RIGHT(">>", 10, false),
  UNSIGNED_SHIFT_RIGHT(">>>", 10, false),
  LESS("<", 9, false),
  LESS_EQUAL("<=", 9, false),
  GREATER(">", 9, false),
  GREATER_EQUAL(">=", 9, false),
  EQUAL("==", 8, false),
  NOT_EQUAL("!=", 8, false),
  AND("&", 7, false),
  XOR("^", 6, false),
  OR("|", 5, false),
  CONDITIONAL_AND("&&", 4, false),
  CONDITIONAL_OR("||", 3, false);

  /** Precedence of {@code ?:}, below every operator here. */
  public static final int CONDITIONAL_PRECEDENCE = 2;

  private final String symbol;
  private final int precedence;
  private final boolean unary;

  Operator(String symbol, int precedence, boolean unary) {
    this.symbol = symbol;
    this.precedence = precedence;
    this.unary = unary;
  }

  public String symbol() {
    return symbol;
  }

  public int precedence() {
    return precedence;
  }

  public boolean isUnary() {
    return unary;
  }

  /** Comparisons yield booleans whose derivative is nothing: values flow through them inactive. */
  public boolean isComparison() {
    return switch (this) {
      case LESS, LESS_EQUAL, GREATER, GREATER_EQUAL, EQUAL, NOT_EQUAL -> true;
      default -> false;
    };
  }

  public boolean isLogical() {
    return this == CONDITIONAL_AND || this == CONDITIONAL_OR || this == NOT;
  }

  /** Whether {@code a op b == b op a} for the numbers of the subset. */
  public boolean isCommutative() {
    return this == ADD || this == MULTIPLY || this == EQUAL || this == NOT_EQUAL;
  }
}
