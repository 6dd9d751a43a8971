package dev.adjoint.processor.read;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.VariableTree;
import dev.adjoint.processor.analyze.ArrayOwnership;
import dev.adjoint.processor.ir.Block;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Pos;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Var;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;

/**
 * The first stage of the pipeline: reads one method's source through the Compiler Tree API into
 * the IR. Everything outside the subset is collected as {@link ReadException}s, each at its tree.
 */
public final class MethodReader {
  private final TypeMapper typeMapper;
  private final DerivativeLookup derivatives;

  public MethodReader(TypeMapper typeMapper, DerivativeLookup derivatives) {
    this.typeMapper = typeMapper;
    this.derivatives = derivatives;
  }

  /** What reading a method gave: the IR when {@code errors} is empty. */
  public record Result(Function function, List<ReadException> errors) {
    public boolean ok() {
      return errors.isEmpty() && function != null;
    }
  }

  public Result read(
      ExecutableElement method, MethodTree tree, CompilationUnitTree unit, PositionTable positions) {
    List<ReadException> errors = new ArrayList<>();
    TypeElement owner = (TypeElement) method.getEnclosingElement();
    Set<String> paramNames = new LinkedHashSet<>();
    for (VariableElement p : method.getParameters()) {
      paramNames.add(p.getSimpleName().toString());
    }
    NameResolver names = new NameResolver(typeMapper.elements(), owner, unit);
    CallResolver calls = new CallResolver(typeMapper, derivatives);
    ReadContext ctx = new ReadContext(positions, typeMapper, names, calls, paramNames);

    List<Var> params = new ArrayList<>();
    List<? extends VariableTree> paramTrees = tree.getParameters();
    for (int i = 0; i < method.getParameters().size(); i++) {
      VariableElement p = method.getParameters().get(i);
      Type t = typeMapper.toIr(p.asType());
      if (t == null) {
        errors.add(new ReadException(paramTrees.get(i),
            "parameter type " + p.asType() + " is outside the differentiable subset"));
        continue;
      }
      params.add(ctx.scope.declare(p.getSimpleName().toString(), t));
    }
    Type returnType = typeMapper.toIr(method.getReturnType());
    if (returnType == null) {
      errors.add(new ReadException(tree.getReturnType() == null ? tree : tree.getReturnType(),
          "return type " + method.getReturnType() + " is outside the differentiable subset"));
    }
    if (tree.getBody() == null) {
      errors.add(new ReadException(tree, "a @Differentiable method needs a body"));
      return new Result(null, errors);
    }
    Block body = new StatementReader(ctx, errors).block(tree.getBody());
    Pos pos = positions.of(tree);
    Function f = new Function(method.getSimpleName().toString(), params, returnType, body, pos);
    for (ArrayOwnership.Violation v : ArrayOwnership.check(f)) {
      String name = v.array() == null ? "this array" : "'" + v.array().name() + "'";
      errors.add(new ReadException(positions.tree(v.write().pos()),
          "cannot write into " + name + ": it is (or may be) the caller's array, and a @Differentiable method must not change its arguments; copy it first, e.g. double[] copy = "
              + (v.array() == null ? "array" : v.array().name()) + ".clone()"));
    }
    return new Result(errors.isEmpty() ? f : null, errors);
  }
}
