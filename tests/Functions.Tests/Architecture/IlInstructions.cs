using System.Reflection.Metadata;

namespace LoyaltyBot.Functions.Tests.Architecture;

/// <summary>Steps through a method body's IL one instruction at a time, keeping the metadata tokens operands name.</summary>
public static class IlInstructions
{
    /// <summary>Reads one instruction; its operand when that is a type, method or field token, else null.</summary>
    public static int? ReadTokenOperand(ref BlobReader il)
    {
        int code = il.ReadByte();
        if (code == 0xFE)
            code = 0xFE00 | il.ReadByte();
        var opCode = (ILOpCode)code;
        if (NamesAMember(opCode))
            return il.ReadInt32();
        if (opCode == ILOpCode.Switch)
        {
            var targets = il.ReadInt32();
            il.Offset += targets * 4;
            return null;
        }

        il.Offset += OperandSize(opCode);
        return null;
    }

    private static bool NamesAMember(ILOpCode opCode) => opCode is
        ILOpCode.Jmp or ILOpCode.Call or ILOpCode.Callvirt or ILOpCode.Newobj or ILOpCode.Ldftn or ILOpCode.Ldvirtftn
        or ILOpCode.Cpobj or ILOpCode.Ldobj or ILOpCode.Castclass or ILOpCode.Isinst or ILOpCode.Unbox or ILOpCode.Stobj
        or ILOpCode.Box or ILOpCode.Newarr or ILOpCode.Ldelema or ILOpCode.Ldelem or ILOpCode.Stelem or ILOpCode.Unbox_any
        or ILOpCode.Refanyval or ILOpCode.Mkrefany or ILOpCode.Initobj or ILOpCode.Constrained or ILOpCode.Sizeof
        or ILOpCode.Ldfld or ILOpCode.Ldflda or ILOpCode.Stfld or ILOpCode.Ldsfld or ILOpCode.Ldsflda or ILOpCode.Stsfld
        or ILOpCode.Ldtoken;

    private static int OperandSize(ILOpCode opCode) => opCode switch
    {
        ILOpCode.Ldarg_s or ILOpCode.Ldarga_s or ILOpCode.Starg_s or ILOpCode.Ldloc_s or ILOpCode.Ldloca_s
            or ILOpCode.Stloc_s or ILOpCode.Ldc_i4_s or ILOpCode.Unaligned or ILOpCode.Leave_s => 1,
        >= ILOpCode.Br_s and <= ILOpCode.Blt_un_s => 1,
        ILOpCode.Ldarg or ILOpCode.Ldarga or ILOpCode.Starg or ILOpCode.Ldloc or ILOpCode.Ldloca or ILOpCode.Stloc => 2,
        ILOpCode.Ldc_i4 or ILOpCode.Ldc_r4 or ILOpCode.Ldstr or ILOpCode.Calli or ILOpCode.Leave => 4,
        >= ILOpCode.Br and <= ILOpCode.Blt_un => 4,
        ILOpCode.Ldc_i8 or ILOpCode.Ldc_r8 => 8,
        _ => 0,
    };
}
