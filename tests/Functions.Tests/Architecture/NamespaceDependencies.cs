using System.Collections.Immutable;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace LoyaltyBot.Functions.Tests.Architecture;

/// <summary>
/// Which feature namespaces of a compiled assembly use which, read from its metadata and IL: base types, interfaces,
/// fields, signatures, attributes, locals, and every type, method and field an instruction names.
/// A feature is the namespace segment right under the root ("LoyaltyBot.Functions.Bot.Start" is "Bot").
/// </summary>
public sealed class NamespaceDependencies
{
    private readonly MetadataReader _reader;
    private readonly string _rootPrefix;
    private readonly Dictionary<string, Dictionary<string, string>> _edges = new(StringComparer.Ordinal);

    private NamespaceDependencies(MetadataReader reader, string rootNamespace)
    {
        _reader = reader;
        _rootPrefix = rootNamespace + ".";
    }

    /// <summary>For each feature, the features it uses, each with one use that shows why ("Type → Type").</summary>
    public IReadOnlyDictionary<string, Dictionary<string, string>> Edges => _edges;

    public IReadOnlyDictionary<string, IReadOnlySet<string>> Graph =>
        _edges.ToDictionary(edge => edge.Key, edge => (IReadOnlySet<string>)edge.Value.Keys.ToHashSet(StringComparer.Ordinal));

    public static NamespaceDependencies Read(string assemblyPath, string rootNamespace)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var dependencies = new NamespaceDependencies(pe.GetMetadataReader(), rootNamespace);
        foreach (var type in dependencies._reader.TypeDefinitions)
            dependencies.AddUsesOf(type, pe);
        return dependencies;
    }

    private void AddUsesOf(TypeDefinitionHandle handle, PEReader pe)
    {
        var from = Outermost(handle);
        if (FeatureOf(from) is null)
            return;
        var type = _reader.GetTypeDefinition(handle);
        AddUses(from, type.BaseType);
        foreach (var implementation in type.GetInterfaceImplementations())
            AddUses(from, _reader.GetInterfaceImplementation(implementation).Interface);
        AddAttributes(from, type.GetCustomAttributes());
        foreach (var field in type.GetFields())
        {
            var definition = _reader.GetFieldDefinition(field);
            AddUses(from, definition.DecodeSignature(Types.Instance, null));
            AddAttributes(from, definition.GetCustomAttributes());
        }

        foreach (var property in type.GetProperties())
            AddAttributes(from, _reader.GetPropertyDefinition(property).GetCustomAttributes());
        foreach (var method in type.GetMethods())
            AddUsesOfMethod(from, _reader.GetMethodDefinition(method), pe);
    }

    private void AddUsesOfMethod(TypeDefinitionHandle from, MethodDefinition method, PEReader pe)
    {
        var signature = method.DecodeSignature(Types.Instance, null);
        AddUses(from, signature.ReturnType);
        foreach (var parameter in signature.ParameterTypes)
            AddUses(from, parameter);
        AddAttributes(from, method.GetCustomAttributes());
        foreach (var parameter in method.GetParameters())
            AddAttributes(from, _reader.GetParameter(parameter).GetCustomAttributes());
        if (method.RelativeVirtualAddress == 0)
            return;
        var body = pe.GetMethodBody(method.RelativeVirtualAddress);
        if (!body.LocalSignature.IsNil)
        {
            foreach (var local in _reader.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(Types.Instance, null))
                AddUses(from, local);
        }

        var il = body.GetILReader();
        while (il.RemainingBytes > 0)
        {
            var token = IlInstructions.ReadTokenOperand(ref il);
            if (token is { } value)
                AddUses(from, MetadataTokens.EntityHandle(value));
        }
    }

    private void AddAttributes(TypeDefinitionHandle from, CustomAttributeHandleCollection attributes)
    {
        foreach (var attribute in attributes)
            AddUses(from, _reader.GetCustomAttribute(attribute).Constructor);
    }

    private void AddUses(TypeDefinitionHandle from, EntityHandle handle)
    {
        if (handle.IsNil)
            return;
        switch (handle.Kind)
        {
            case HandleKind.TypeDefinition:
                AddEdge(from, (TypeDefinitionHandle)handle);
                break;
            case HandleKind.TypeSpecification:
                AddUses(from, _reader.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(Types.Instance, null));
                break;
            case HandleKind.MethodDefinition:
                AddEdge(from, _reader.GetMethodDefinition((MethodDefinitionHandle)handle).GetDeclaringType());
                break;
            case HandleKind.FieldDefinition:
                AddEdge(from, _reader.GetFieldDefinition((FieldDefinitionHandle)handle).GetDeclaringType());
                break;
            case HandleKind.MemberReference:
                AddUses(from, _reader.GetMemberReference((MemberReferenceHandle)handle).Parent);
                break;
            case HandleKind.MethodSpecification:
                var specification = _reader.GetMethodSpecification((MethodSpecificationHandle)handle);
                AddUses(from, specification.Method);
                foreach (var argument in specification.DecodeSignature(Types.Instance, null))
                    AddUses(from, argument);
                break;
        }
    }

    private void AddUses(TypeDefinitionHandle from, ImmutableArray<TypeDefinitionHandle> types)
    {
        foreach (var type in types)
            AddEdge(from, type);
    }

    private void AddEdge(TypeDefinitionHandle from, TypeDefinitionHandle to)
    {
        var target = Outermost(to);
        if (FeatureOf(from) is not { } source || FeatureOf(target) is not { } feature)
            return;
        if (!_edges.TryGetValue(source, out var targets))
            _edges[source] = targets = new Dictionary<string, string>(StringComparer.Ordinal);
        targets.TryAdd(feature, $"{FullName(from)} → {FullName(target)}");
    }

    private TypeDefinitionHandle Outermost(TypeDefinitionHandle handle)
    {
        // Lambdas, async state machines and nested types belong to the namespace of the type that declares them.
        while (_reader.GetTypeDefinition(handle).GetDeclaringType() is { IsNil: false } declaring)
            handle = declaring;
        return handle;
    }

    private string? FeatureOf(TypeDefinitionHandle handle)
    {
        var name = _reader.GetString(_reader.GetTypeDefinition(handle).Namespace);
        if (!name.StartsWith(_rootPrefix, StringComparison.Ordinal))
            return null;
        var rest = name[_rootPrefix.Length..];
        var dot = rest.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? rest : rest[..dot];
    }

    private string FullName(TypeDefinitionHandle handle)
    {
        var type = _reader.GetTypeDefinition(handle);
        return $"{_reader.GetString(type.Namespace)}.{_reader.GetString(type.Name)}";
    }

    /// <summary>Decodes a signature into the types of this assembly it names; types of other assemblies name none.</summary>
    private sealed class Types : ISignatureTypeProvider<ImmutableArray<TypeDefinitionHandle>, object?>
    {
        public static readonly Types Instance = new();

        private static readonly ImmutableArray<TypeDefinitionHandle> None = [];

        public ImmutableArray<TypeDefinitionHandle> GetPrimitiveType(PrimitiveTypeCode typeCode) => None;

        public ImmutableArray<TypeDefinitionHandle> GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => [handle];

        public ImmutableArray<TypeDefinitionHandle> GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => None;

        public ImmutableArray<TypeDefinitionHandle> GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
            reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

        public ImmutableArray<TypeDefinitionHandle> GetGenericInstantiation(ImmutableArray<TypeDefinitionHandle> genericType, ImmutableArray<ImmutableArray<TypeDefinitionHandle>> typeArguments) =>
            [.. genericType, .. typeArguments.SelectMany(argument => argument)];

        public ImmutableArray<TypeDefinitionHandle> GetArrayType(ImmutableArray<TypeDefinitionHandle> elementType, ArrayShape shape) => elementType;

        public ImmutableArray<TypeDefinitionHandle> GetSZArrayType(ImmutableArray<TypeDefinitionHandle> elementType) => elementType;

        public ImmutableArray<TypeDefinitionHandle> GetByReferenceType(ImmutableArray<TypeDefinitionHandle> elementType) => elementType;

        public ImmutableArray<TypeDefinitionHandle> GetPointerType(ImmutableArray<TypeDefinitionHandle> elementType) => elementType;

        public ImmutableArray<TypeDefinitionHandle> GetPinnedType(ImmutableArray<TypeDefinitionHandle> elementType) => elementType;

        public ImmutableArray<TypeDefinitionHandle> GetModifiedType(ImmutableArray<TypeDefinitionHandle> modifier, ImmutableArray<TypeDefinitionHandle> unmodifiedType, bool isRequired) => unmodifiedType;

        public ImmutableArray<TypeDefinitionHandle> GetFunctionPointerType(MethodSignature<ImmutableArray<TypeDefinitionHandle>> signature) =>
            [.. signature.ReturnType, .. signature.ParameterTypes.SelectMany(parameter => parameter)];

        public ImmutableArray<TypeDefinitionHandle> GetGenericMethodParameter(object? genericContext, int index) => None;

        public ImmutableArray<TypeDefinitionHandle> GetGenericTypeParameter(object? genericContext, int index) => None;
    }
}
