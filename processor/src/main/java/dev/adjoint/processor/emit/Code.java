package dev.adjoint.processor.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import java.util.ArrayList;
import java.util.List;

/**
 * Java source under construction, as one JavaPoet format string and its arguments. Expressions
 * are written into it piece by piece and become a single {@link CodeBlock} per statement: far
 * cheaper for JavaPoet than a tree of small blocks, while type names still go through {@code $T}
 * so that the file imports what it uses.
 */
final class Code {
  private final StringBuilder format = new StringBuilder();
  private final List<Object> args = new ArrayList<>();

  Code text(String s) {
    format.append(s.replace("$", "$$"));
    return this;
  }

  Code type(TypeName t) {
    format.append("$T");
    args.add(t);
    return this;
  }

  int length() {
    return format.length();
  }

  /** Whether what was written from {@code mark} on starts with {@code c}. */
  boolean startsWithAt(int mark, char c) {
    return format.length() > mark && format.charAt(mark) == c;
  }

  /** Wraps what was written from {@code mark} on in parentheses. */
  void parenthesizeFrom(int mark) {
    format.insert(mark, '(');
    format.append(')');
  }

  CodeBlock block() {
    return CodeBlock.of(format.toString(), args.toArray());
  }

  @Override
  public String toString() {
    return block().toString();
  }
}
