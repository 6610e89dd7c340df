"""Reading a structure file's YAML, with problems reported by line."""

import yaml

from .schema import StructureImportError, top_level_problem


def _checked_loader(base):
    class Loader(base):
        """Safe YAML that reports repeated keys, and leaves impossible dates (2010-13-01) as
        text for the importer to report with their location, instead of failing mid-parse."""

        def construct_mapping(self, node, deep=False):
            if isinstance(node, yaml.MappingNode):
                self.flatten_mapping(node)
                seen = set()
                for key_node, _ in node.value:
                    if isinstance(key_node, yaml.ScalarNode):
                        if key_node.value in seen:
                            raise yaml.constructor.ConstructorError(
                                None, None, f"duplicate key {key_node.value!r}", key_node.start_mark
                            )
                        seen.add(key_node.value)
            return super().construct_mapping(node, deep)

        def construct_yaml_timestamp(self, node):
            try:
                return super().construct_yaml_timestamp(node)
            except ValueError:
                return self.construct_scalar(node)

    Loader.add_constructor("tag:yaml.org,2002:timestamp", Loader.construct_yaml_timestamp)
    return Loader


# libyaml parses a large file about ten times faster than PyYAML's pure-Python parser, but words
# some problems differently: a file it rejects is read again by the Python parser, whose message
# (documented in docs/formats.md) is the one reported.
_Loader = _checked_loader(yaml.SafeLoader)
_FastLoader = _checked_loader(yaml.CSafeLoader) if getattr(yaml, "__with_libyaml__", False) else None


def load_structure_file(path_or_stream):
    """Parse a structure file (a path or an open file); YAML problems are reported by line."""
    try:
        if hasattr(path_or_stream, "read"):
            return _load(path_or_stream.read())
        with open(path_or_stream, "rb") as stream:
            return _load(stream.read())
    except OSError as error:
        raise StructureImportError([f"{path_or_stream}: {error.strerror or error}"]) from error


def _load(text):
    if _FastLoader is not None:
        try:
            return _parse(text, _FastLoader)
        except (yaml.YAMLError, ValueError, RecursionError):
            pass  # read again below, for the Python parser's wording of the problem
    try:
        return _parse(text, _Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "file"
        raise StructureImportError([f"{where}: not valid YAML: {error.problem or error.context}"]) from error
    except yaml.reader.ReaderError as error:
        raise StructureImportError([f"byte {error.position}: not valid YAML: {error.reason}"]) from error
    except (yaml.YAMLError, ValueError, RecursionError) as error:
        raise StructureImportError([f"file: not valid YAML: {' '.join(str(error).split())}"]) from error


def _parse(text, loader_class):
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
    if node is None:
        raise StructureImportError(["line 1: the file is empty"])
    if not isinstance(data, dict):
        raise StructureImportError([f"line {node.start_mark.line + 1}: {top_level_problem(data)}"])
    return data
