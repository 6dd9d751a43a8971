package dev.adjoint.processor;

import com.sun.source.tree.Tree;
import com.sun.source.util.Trees;
import dev.adjoint.processor.ir.Pos;
import dev.adjoint.processor.read.PositionTable;
import javax.annotation.processing.Messager;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/** Reports IR-positioned problems at their source trees; unknown positions go to the method. */
final class JavacDiagnostics implements Diagnostics {
  private final Trees trees;
  private final Messager messager;
  private final PositionTable positions;
  private final Element fallback;
  private boolean errors;

  JavacDiagnostics(Trees trees, Messager messager, PositionTable positions, Element fallback) {
    this.trees = trees;
    this.messager = messager;
    this.positions = positions;
    this.fallback = fallback;
  }

  @Override
  public void error(Pos pos, String message) {
    errors = true;
    report(Diagnostic.Kind.ERROR, pos, message);
  }

  @Override
  public void warning(Pos pos, String message) {
    report(Diagnostic.Kind.WARNING, pos, message);
  }

  void errorAt(Tree tree, String message) {
    errors = true;
    trees.printMessage(Diagnostic.Kind.ERROR, message, tree, positions.unit());
  }

  void warningAt(Tree tree, String message) {
    trees.printMessage(Diagnostic.Kind.WARNING, message, tree, positions.unit());
  }

  void errorAtAnnotation(String message) {
    errors = true;
    javax.lang.model.element.AnnotationMirror annotation =
        dev.adjoint.processor.read.AnnotationValues.find(fallback, dev.adjoint.processor.read.AnnotationValues.DIFFERENTIABLE);
    if (annotation != null) {
      messager.printMessage(Diagnostic.Kind.ERROR, message, fallback, annotation);
    } else {
      messager.printMessage(Diagnostic.Kind.ERROR, message, fallback);
    }
  }

  private void report(Diagnostic.Kind kind, Pos pos, String message) {
    Tree tree = positions.tree(pos);
    if (tree != null) {
      trees.printMessage(kind, message, tree, positions.unit());
    } else if (pos.isKnown()) {
      // code inlined from a method this table does not know: say where it came from
      messager.printMessage(kind, message + " (in the body of a @Differentiable method this one calls, line "
          + pos.line() + (pos.source().isEmpty() ? "" : ": " + pos.source()) + ")", fallback);
    } else {
      messager.printMessage(kind, message, fallback);
    }
  }

  @Override
  public boolean hasErrors() {
    return errors;
  }
}
