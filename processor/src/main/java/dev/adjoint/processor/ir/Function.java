package dev.adjoint.processor.ir;

import java.util.List;

/** A method of the subset: the unit the transforms read and write. */
public record Function(String name, List<Var> parameters, Type returnType, Block body, Pos pos) {
  public Function {
    parameters = List.copyOf(parameters);
  }

  public Function withBody(Block newBody) {
    return new Function(name, parameters, returnType, newBody, pos);
  }

  public Function withName(String newName) {
    return new Function(newName, parameters, returnType, body, pos);
  }
}
