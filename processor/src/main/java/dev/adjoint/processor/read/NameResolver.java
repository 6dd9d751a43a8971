package dev.adjoint.processor.read;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.ImportTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.Tree;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * Resolves the names a method body uses for classes, the way javac would: member classes of the
 * enclosing classes, single-type imports, the same package, on-demand imports, {@code java.lang},
 * and qualified names. Also lists static imports for unqualified calls and fields.
 */
final class NameResolver {
  private final Elements elements;
  private final TypeElement enclosingClass;
  private final List<ImportTree> imports;
  private final String packageName;

  NameResolver(Elements elements, TypeElement enclosingClass, CompilationUnitTree unit) {
    this.elements = elements;
    this.enclosingClass = enclosingClass;
    this.imports = new ArrayList<>(unit.getImports());
    PackageElement pkg = elements.getPackageOf(enclosingClass);
    this.packageName = pkg.isUnnamed() ? "" : pkg.getQualifiedName().toString();
  }

  TypeElement enclosingClass() {
    return enclosingClass;
  }

  /** The class named by an identifier or qualified name, or null if it names no class. */
  TypeElement resolveType(ExpressionTree tree) {
    if (tree instanceof IdentifierTree id) {
      return resolveSimpleType(id.getName().toString());
    }
    if (tree instanceof MemberSelectTree select) {
      String qualified = qualifiedName(select);
      if (qualified != null) {
        TypeElement direct = elements.getTypeElement(qualified);
        if (direct != null) {
          return direct;
        }
      }
      TypeElement outer = resolveType(select.getExpression());
      if (outer != null) {
        return memberType(outer, select.getIdentifier().toString());
      }
    }
    return null;
  }

  private static String qualifiedName(Tree tree) {
    if (tree instanceof IdentifierTree id) {
      return id.getName().toString();
    }
    if (tree instanceof MemberSelectTree s) {
      String q = qualifiedName(s.getExpression());
      return q == null ? null : q + "." + s.getIdentifier();
    }
    return null;
  }

  TypeElement resolveSimpleType(String name) {
    for (Element e = enclosingClass; e != null; e = e.getEnclosingElement()) {
      if (e instanceof TypeElement t) {
        if (t.getSimpleName().contentEquals(name)) {
          return t;
        }
        TypeElement member = memberType(t, name);
        if (member != null) {
          return member;
        }
      }
    }
    for (ImportTree imp : imports) {
      if (imp.isStatic()) {
        continue;
      }
      Tree id = imp.getQualifiedIdentifier();
      if (id instanceof MemberSelectTree s && s.getIdentifier().contentEquals(name)) {
        TypeElement t = elements.getTypeElement(qualifiedName(s));
        if (t != null) {
          return t;
        }
      }
    }
    TypeElement samePackage =
        elements.getTypeElement(packageName.isEmpty() ? name : packageName + "." + name);
    if (samePackage != null) {
      return samePackage;
    }
    for (ImportTree imp : imports) {
      if (imp.isStatic()) {
        continue;
      }
      Tree id = imp.getQualifiedIdentifier();
      if (id instanceof MemberSelectTree s && s.getIdentifier().contentEquals("*")) {
        String container = qualifiedName(s.getExpression());
        TypeElement t = elements.getTypeElement(container + "." + name);
        if (t != null) {
          return t;
        }
      }
    }
    return elements.getTypeElement("java.lang." + name);
  }

  private TypeElement memberType(TypeElement outer, String name) {
    for (TypeElement member : ElementFilter.typesIn(elements.getAllMembers(outer))) {
      if (member.getSimpleName().contentEquals(name)) {
        return member;
      }
    }
    return null;
  }

  /** Classes that statically import {@code member} (by name or on demand), in import order. */
  List<TypeElement> staticImportsOf(String member) {
    List<TypeElement> out = new ArrayList<>();
    for (ImportTree imp : imports) {
      if (!imp.isStatic() || !(imp.getQualifiedIdentifier() instanceof MemberSelectTree s)) {
        continue;
      }
      String id = s.getIdentifier().toString();
      if (id.equals(member) || id.equals("*")) {
        TypeElement t = elements.getTypeElement(qualifiedName(s.getExpression()));
        if (t != null) {
          out.add(t);
        }
      }
    }
    return out;
  }

  /** The enclosing classes, innermost first: where unqualified names are looked up. */
  List<TypeElement> enclosingClasses() {
    List<TypeElement> out = new ArrayList<>();
    for (Element e = enclosingClass; e != null; e = e.getEnclosingElement()) {
      if (e instanceof TypeElement t && e.getKind() != ElementKind.PACKAGE) {
        out.add(t);
      }
    }
    return out;
  }
}
