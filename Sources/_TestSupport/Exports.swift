// Tests compare the fast kernels against the naive ones: importing the test support brings them.
@_exported import ReferenceKernels
